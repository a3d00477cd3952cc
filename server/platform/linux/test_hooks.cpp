// test_hooks.cpp — the fault-injection hooks of iocp_test_hooks.h (off unless a test sets them).
#include "iocp_test_hooks.h"

#include <atomic>

#include "internal.h"

namespace iocplab::platform::test_hooks {
namespace {
std::atomic<int> g_submit_failures{0};
std::atomic<int> g_submit_errno{0};
std::atomic<int> g_cancel_failures{0};
std::atomic<unsigned> g_hidden_features{0};

bool take(std::atomic<int>& counter) {
  int n = counter.load(std::memory_order_relaxed);
  while (n > 0)
    if (counter.compare_exchange_weak(n, n - 1, std::memory_order_acq_rel)) return true;
  return false;
}
}  // namespace

bool take_submit_failure(int* err) {
  if (!take(g_submit_failures)) return false;
  *err = g_submit_errno.load(std::memory_order_relaxed);
  return true;
}
bool take_cancel_failure() { return take(g_cancel_failures); }
unsigned hidden_uring_features() { return g_hidden_features.load(std::memory_order_relaxed); }

}  // namespace iocplab::platform::test_hooks

using namespace iocplab::platform::test_hooks;

void iocplab_test_fail_uring_submits(int count, int err) {
  g_submit_errno.store(err, std::memory_order_relaxed);
  g_submit_failures.store(count, std::memory_order_release);
}
void iocplab_test_fail_uring_cancels(int count) { g_cancel_failures.store(count, std::memory_order_release); }
void iocplab_test_hide_uring_features(unsigned mask) { g_hidden_features.store(mask, std::memory_order_relaxed); }
