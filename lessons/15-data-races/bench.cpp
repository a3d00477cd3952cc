// bench.cpp — lesson15_bench: what a shared counter costs with no lock (wrong), a mutex,
// an atomic; one thread and two. Prints figures only: speed is never asserted.
//   lesson15_bench [--adds N]   (N adds per thread, 2000000 by default)
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

#include "shared_state.h"
#include "stage_console.h"

namespace {

// [lesson:bench-variants]
struct Unlocked {  // the race, on purpose: volatile only keeps each add a real load and store
  //ko: 일부러 만든 경쟁 상태: volatile은 더하기마다 실제 읽기와 쓰기가 일어나게 할 뿐이다
  volatile uint64_t n = 0;
  void add() { n = n + 1; }
  uint64_t total() const { return n; }
};
struct Locked {  // the same number behind a mutex
  //ko: 같은 숫자를 뮤텍스 뒤에
  std::mutex m;
  uint64_t n = 0;
  void add() { std::lock_guard<std::mutex> g(m); ++n; }
  uint64_t total() { std::lock_guard<std::mutex> g(m); return n; }
};
// [/lesson:bench-variants]

template <typename Counter>
void run(const char* name, int threads, long adds) {
  Counter counter;
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&] { for (long i = 0; i < adds; ++i) counter.add(); });
  for (std::thread& w : workers) w.join();
  double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
  unsigned long long want = (unsigned long long)threads * (unsigned long long)adds;
  unsigned long long got = counter.total();
  std::printf("%-8s %d thread%s  %6.1f ns/add  total %llu of %llu%s\n", name, threads, threads > 1 ? "s" : " ",
              ns / (double)want, got, want, got == want ? "" : "  <- lost updates");
}

}  // namespace

int main(int argc, char** argv) {
  long adds = flag(argc, argv, "--adds", 2000000);
  if (adds < 1) return 2;
  for (int threads : {1, 2}) {
    run<Unlocked>("none", threads, adds);
    run<Locked>("mutex", threads, adds);
    run<PacketCounter>("atomic", threads, adds);
  }
  return 0;
}
