// Stage 10 exercise check (exercise/send_budget.cpp; solved in solution/): count what a
// client really holds. send_limit counts the
// bytes on the wire, but every send in flight also holds a whole IoContext from the pool
// (OVERLAPPED, WSABUF and a 1 KB buffer) however small its packet: a client that is sent
// 10-byte packets holds 1 MB "on the wire" only after 100,000 sends, which is about
// 100 MB of contexts. Charge each send its context, not its bytes.
#include <gtest/gtest.h>

#include <cstddef>

#include "io_context.h"
#include "send_budget.h"

namespace {

TEST(Exercise10, SmallPacketsReachTheLimitByTheMemoryTheyHold) {
  constexpr size_t kLimit = 64 * 1024;
  SendBudget budget(kLimit);
  int sends = 0;
  while (sends < 1000000 && budget.take(10)) ++sends;  // 10-byte packets, never completed
  EXPECT_LE((size_t)sends * sizeof(IoContext), kLimit) << "the memory held stays under the limit";
  EXPECT_LT(sends, 100) << "counting wire bytes would have allowed " << kLimit / 10;
}

TEST(Exercise10, CompletedSendsGiveTheirShareBack) {
  SendBudget budget(4 * sizeof(IoContext));
  for (int i = 0; i < 1000; ++i) {  // one in flight at a time: never over
    ASSERT_TRUE(budget.take(1000)) << "send " << i;
    budget.give_back(1000);
  }
  EXPECT_EQ(budget.held(), 0u);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(budget.take(3));
  EXPECT_FALSE(budget.take(3)) << "the fifth context does not fit";
}

}  // namespace
