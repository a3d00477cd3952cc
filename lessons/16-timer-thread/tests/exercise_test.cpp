// Stage 16 exercise check (exercise/due_queue.cpp; solved in solution/): the earliest due
// time first, and among equal due times the order of push.
#include <gtest/gtest.h>

#include "due_queue.h"

namespace {

TEST(Exercise16, EarliestFirst) {
  DueQueue q;
  auto now = DueQueue::Clock::now();
  q.push(now + std::chrono::milliseconds(30), 3);
  q.push(now + std::chrono::milliseconds(10), 1);
  q.push(now + std::chrono::milliseconds(20), 2);
  for (int want : {1, 2, 3}) ASSERT_EQ(q.pop(), want);
  EXPECT_TRUE(q.empty());
}

TEST(Exercise16, EqualDueTimesComeOutInTheOrderOfPush) {
  DueQueue q;
  auto now = DueQueue::Clock::now();
  for (int id = 0; id < 200; ++id) q.push(now + std::chrono::milliseconds(id % 2 ? 5 : 1), id);
  for (int want = 0; want < 200; want += 2) ASSERT_EQ(q.pop(), want) << "the 1 ms events, in order";
  for (int want = 1; want < 200; want += 2) ASSERT_EQ(q.pop(), want) << "then the 5 ms events, in order";
}

}  // namespace
