// Stage 01 exercise check: dequeue_batch (exercise/batch.cpp; solved in solution/batch.cpp)
// takes many completions out with one call to GetQueuedCompletionStatusEx.
#include <gtest/gtest.h>

#include <set>

#include "batch.h"
#include "completion.h"

namespace {

TEST(Exercise01, BatchDequeueTakesEveryCompletionOnce) {
  HANDLE port = create_completion_port();
  ASSERT_NE(port, nullptr);
  constexpr int kJobs = 20;
  OVERLAPPED jobs[kJobs] = {};
  for (int i = 0; i < kJobs; ++i) ASSERT_TRUE(PostQueuedCompletionStatus(port, 0, i, &jobs[i]));

  std::set<OVERLAPPED*> seen;
  int calls = 0;
  OVERLAPPED_ENTRY batch[8];
  while (seen.size() < kJobs && calls < 100) {
    ULONG n = dequeue_batch(port, batch, 8, 1000);
    ++calls;
    ASSERT_GT(n, 0u) << "timed out with " << seen.size() << " of " << kJobs;
    ASSERT_LE(n, 8u);
    for (ULONG i = 0; i < n; ++i) {
      EXPECT_EQ(batch[i].lpCompletionKey, (ULONG_PTR)(batch[i].lpOverlapped - jobs));
      EXPECT_TRUE(seen.insert(batch[i].lpOverlapped).second) << "dequeued twice";
    }
  }
  EXPECT_EQ(seen.size(), (size_t)kJobs);
  EXPECT_LE(calls, 5) << "20 completions in batches of 8 need 3 calls, not one each";
  CloseHandle(port);
}

}  // namespace
