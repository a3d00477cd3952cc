#include "worker_pool.h"

#include <chrono>


namespace iocplab::net {
namespace {

thread_local bool t_is_worker = false;
thread_local unsigned t_worker_index = 0;

// Only the owning thread writes a counter: a relaxed load+store, no locked instruction.
void bump(std::atomic<uint32_t>& a, uint32_t by = 1) {
  a.store(a.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
}

using Clock = std::chrono::steady_clock;

uint64_t us_of(Clock::time_point t) {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count());
}
uint64_t now_us() { return us_of(Clock::now()); }

uint32_t micros_between(Clock::time_point from, Clock::time_point to) {
  return static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(to - from).count());
}

}  // namespace

WorkerPool::WorkerPool(CompletionPort& port, Handler handler)
    : port_(port), handler_(std::move(handler)) {}

WorkerPool::~WorkerPool() { stop(); }

bool WorkerPool::on_worker_thread() { return t_is_worker; }
unsigned WorkerPool::worker_index() { return t_worker_index; }

void WorkerPool::start(unsigned threads) {
  if (threads == 0) threads = 1;
  counters_ = std::make_unique<Counters[]>(threads);
  count_ = threads;
  threads_.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this, i] { run(counters_[i], i); });
}

void WorkerPool::stop() {
  quitting_.store(true, std::memory_order_release);
  for (size_t i = 0; i < threads_.size(); ++i) port_.post(kQuitKey, nullptr);
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

std::vector<ThreadStats> WorkerPool::stats() const {
  std::vector<ThreadStats> out;
  if (!counters_) return out;
  const size_t n = count_;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const Counters& c = counters_[i];
    ThreadStats s;
    s.accepts = c.accepts.load(std::memory_order_relaxed);
    s.recvs = c.recvs.load(std::memory_order_relaxed);
    s.sends = c.sends.load(std::memory_order_relaxed);
    s.posted = c.posted.load(std::memory_order_relaxed);
    s.errors = c.errors.load(std::memory_order_relaxed);
    s.busy_us = c.busy_us.load(std::memory_order_relaxed);
    // wait_us first, then the wait in progress: read the other way round, a wait ending
    // in between would be counted twice.
    s.wait_us = c.wait_us.load(std::memory_order_acquire);
    if (uint64_t since = c.waiting_since_us.load(std::memory_order_acquire); since != 0) {
      uint64_t now = now_us();
      if (now > since) s.wait_us += static_cast<uint32_t>(now - since);
    }
    out.push_back(s);
  }
  return out;
}

void WorkerPool::run(Counters& c, unsigned index) {
  t_is_worker = true;
  t_worker_index = index;
  // Two clock readings per completion: one when the wait ends (the wait's end, the
  // handling's start), one when the handling ends (its end, the next wait's start).
  Clock::time_point mark = Clock::now();
  for (;;) {
    c.waiting_since_us.store(us_of(mark), std::memory_order_release);
    // Bounded wait: should an engine ever miss a wake-up, a queued completion waits at
    // most kWaitSliceMs instead of forever (and stop() cannot hang on it).
    Completion done = port_.wait(kWaitSliceMs);
    const Clock::time_point woke = Clock::now();
    c.waiting_since_us.store(0, std::memory_order_release);
    c.wait_us.store(c.wait_us.load(std::memory_order_relaxed) + micros_between(mark, woke),
                    std::memory_order_release);
    mark = woke;
    if (done.ov == nullptr) {
      if (done.ok && done.key == kQuitKey) return;
      if (!done.ok) {
        if (done.error == WAIT_TIMEOUT) {
          if (quitting_.load(std::memory_order_acquire)) return;
          continue;
        }
        return;  // the port itself failed or was closed: nothing more will come
      }
    }
    if (!done.ok && done.ov) bump(c.errors);
    Handled what = handler_(done);
    mark = Clock::now();
    bump(c.busy_us, micros_between(woke, mark));
    switch (what) {
      case Handled::Accept: bump(c.accepts); break;
      case Handled::Recv: bump(c.recvs); break;
      case Handled::Send: bump(c.sends); break;
      case Handled::Posted: bump(c.posted); break;
      case Handled::Other: break;
    }
  }
}

}  // namespace iocplab::net
