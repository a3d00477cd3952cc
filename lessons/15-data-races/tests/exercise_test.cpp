// Stage 15 exercise check (exercise/highest_seq.cpp; solved in solution/): the highest seq
// offered, from one thread and from two at once.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "highest_seq.h"

namespace {

TEST(Exercise15, OneThreadKeepsTheLargest) {
  HighestSeq h;
  EXPECT_EQ(h.highest(), 0u);
  for (uint32_t s : {5u, 3u, 9u, 7u}) h.offer(s);
  EXPECT_EQ(h.highest(), 9u);
}

// Two threads offer interleaved seqs (even and odd); the largest of all must win.
TEST(Exercise15, TwoThreadsKeepTheLargestOfAll) {
  for (int round = 0; round < 20; ++round) {
    HighestSeq h;
    std::vector<std::thread> threads;
    for (uint32_t t = 0; t < 2; ++t)
      threads.emplace_back([&h, t] { for (uint32_t s = t; s < 100000; s += 2) h.offer(s); });
    for (std::thread& th : threads) th.join();
    ASSERT_EQ(h.highest(), 99999u) << "round " << round;
  }
}

}  // namespace
