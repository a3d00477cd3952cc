// iocplab-bench-hash-cost — what one login costs in Argon2id at a given --hash-memory and
// --hash-passes (default: the server's defaults, 19456 KiB and 2 passes): the hash that
// registers a new account and the verify of a returning one, each timed on one thread, then
// the same through the AccountStore (store thread + hash pool), N logins of each kind.
//   iocplab-bench-hash-cost [--hash-memory KIB] [--hash-passes N] [--count N]
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <future>
#include <string>
#include <vector>

#include "account_store.h"
#include "password_hash.h"

using namespace iocplab::game;
using Clock = std::chrono::steady_clock;

static double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// CPU time of this thread: what a hash costs whatever else the machine is doing.
static double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

static void report(const char* what, std::vector<double> v) {
  std::sort(v.begin(), v.end());
  double sum = 0;
  for (double x : v) sum += x;
  std::printf("%-28s n=%zu  mean %.2f ms  median %.2f ms  max %.2f ms\n", what, v.size(), sum / double(v.size()),
              v[v.size() / 2], v.back());
}

int main(int argc, char** argv) {
  HashCost cost;  // the server's defaults
  int count = 20;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--hash-memory")) cost.memory_kib = uint32_t(std::atoi(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--hash-passes")) cost.passes = uint32_t(std::atoi(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--count")) count = std::max(1, std::atoi(argv[i + 1]));
  }
  if (!password_hash_init()) return 1;
  std::printf("Argon2id m=%u KiB t=%u p=1, %d of each\n", cost.memory_kib, cost.passes, count);

  std::vector<double> hashes, verifies, hash_cpu, verify_cpu;
  std::string stored;
  for (int i = 0; i < count; ++i) {
    auto t = Clock::now();
    double c = thread_cpu_ms();
    auto h = hash_password("correct horse", cost);
    hash_cpu.push_back(thread_cpu_ms() - c);
    hashes.push_back(ms_since(t));
    if (!h) return 2;
    stored = *h;
    t = Clock::now();
    c = thread_cpu_ms();
    if (!verify_password(stored, "correct horse")) return 3;
    verify_cpu.push_back(thread_cpu_ms() - c);
    verifies.push_back(ms_since(t));
  }
  report("hash (new account), wall", hashes);
  report("hash (new account), CPU", hash_cpu);
  report("verify (returning), wall", verifies);
  report("verify (returning), CPU", verify_cpu);

  AccountStore store;
  std::string error;
  if (!store.start(StoreConfig{":memory:", cost, 0}, &error)) return 4;
  std::vector<double> registers, returns;
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 0; i < count; ++i) {
      std::promise<void> done;
      auto t = Clock::now();
      store.login("bench" + std::to_string(i), "pw", [&](const LoginOutcome&) { done.set_value(); });
      done.get_future().wait();
      (pass == 0 ? registers : returns).push_back(ms_since(t));
    }
  }
  report("login via store: register", registers);
  report("login via store: verify", returns);
  return 0;
}
