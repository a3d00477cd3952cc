// iocplab-bench-hash-cost — what one login costs in Argon2id at a given --hash-memory and
// --hash-passes (default: the server's defaults, 19456 KiB and 2 passes): the hash that
// registers a new account and the verify of a returning one, each timed on one thread, then
// the same through the AccountStore (store thread + hash pool), N logins of each kind.
//   iocplab-bench-hash-cost [--hash-memory KIB] [--hash-passes N] [--count N]
#include <algorithm>
#include <chrono>
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

  std::vector<double> hashes, verifies;
  std::string stored;
  for (int i = 0; i < count; ++i) {
    auto t = Clock::now();
    auto h = hash_password("correct horse", cost);
    hashes.push_back(ms_since(t));
    if (!h) return 2;
    stored = *h;
    t = Clock::now();
    if (!verify_password(stored, "correct horse")) return 3;
    verifies.push_back(ms_since(t));
  }
  report("hash (new account)", hashes);
  report("verify (returning)", verifies);

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
