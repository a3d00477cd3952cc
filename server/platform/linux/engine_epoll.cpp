// engine_epoll.cpp — IOCP semantics over epoll readiness.
//
// Every thread in GetQueuedCompletionStatus sleeps in epoll_wait on the port's epoll fd
// (the kernel wakes one waiter per event). A woken thread performs the I/O of the
// operations pending on the ready sockets itself — the recv into the posted buffer, the
// send of the posted bytes, the accept — and turns each finished one into a completion:
// the first goes back to its own caller, the rest into the port's queue for other
// threads. Operations are first tried at once when posted (under the socket's lock), so
// data already waiting completes without a trip through epoll, and its completion is
// still queued, as on Windows. A recv that one of the port's own workers posts while it
// handles a completion is the exception: it is tried when a worker runs out of queued
// completions (see defer_recv). Sockets are registered edge-triggered once, at
// association: no re-arming system call per operation.
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>

#include "internal.h"

namespace iocplab::platform {
namespace {

constexpr uint64_t kWakeToken = ~uint64_t{0};       // posted completions wake a waiter
constexpr uint64_t kCloseToken = ~uint64_t{0} - 1;  // CloseHandle wakes them all
constexpr int kMaxEvents = 64;

uint64_t token(const SockState& s) { return (uint64_t{s.gen} << 32) | static_cast<uint32_t>(s.fd); }

class EpollPort;
// The port this thread is polling for, and where its finished operations collect.
thread_local EpollPort* t_polling = nullptr;
thread_local std::vector<Completion>* t_harvest = nullptr;
// The port this thread last dequeued from: a thread that waits on a port is taken for one
// of its workers, which comes back to dequeue again (if not, the progress thread covers).
thread_local const Port* t_worker_of = nullptr;

void pump_recvs(SockState& s);

// IOCPLAB_EPOLL_DEFER_RECV=0 tries a worker's recvs at once, as before (for side-by-side
// benchmarks: bench/run.sh syscalls).
bool defer_workers_recvs() {
  static const bool on = env_switch_on("IOCPLAB_EPOLL_DEFER_RECV");
  return on;
}

class EpollPort final : public Port {
 public:
  EpollPort(int epfd, int wakefd, int closefd) : epfd_(epfd), wakefd_(wakefd), closefd_(closefd) {}
  void teardown() override {
    stop_progress_thread();
    ::close(epfd_);
    ::close(wakefd_);
    ::close(closefd_);
  }
  int epfd() const { return epfd_; }

  void enqueue(const Completion& c) override {
    if (t_polling == this && t_harvest) {  // a worker finishing I/O: keep it local
      t_harvest->push_back(c);
      return;
    }
    {
      std::lock_guard lock(mu_);
      queue_.push_back(c);
      queued_.store(queue_.size(), std::memory_order_seq_cst);
    }
    wake_if_sleeping();
  }

  void close() override {
    uint64_t one = 1;
    (void)!::write(closefd_, &one, sizeof one);  // level-triggered: wakes every waiter
  }

  BOOL dequeue(Completion* out, ULONG max, ULONG* got, DWORD timeout_ms) override {
    using clock = std::chrono::steady_clock;
    const bool infinite = timeout_ms == INFINITE;
    clock::time_point deadline{};  // read from the clock only once this thread must sleep
    bool have_deadline = false;
    static thread_local std::vector<Completion> harvest;  // reused: no allocation per call
    epoll_event events[kMaxEvents];
    *got = 0;
    t_worker_of = this;
    for (;;) {
      note_activity();
      if (closed()) {  // after CloseHandle nothing more is handed out
        set_last_error(ERROR_ABANDONED_WAIT_0);
        return FALSE;
      }
      if (take_queued(out, max, got)) return TRUE;
      if (has_deferred_.load(std::memory_order_acquire)) {
        harvest.clear();
        t_polling = this;
        t_harvest = &harvest;
        run_deferred();
        t_polling = nullptr;
        t_harvest = nullptr;
        if (!harvest.empty()) {
          hand_out(harvest, out, max, got);
          return TRUE;
        }
      }
      int wait_ms = -1;
      if (!infinite && !have_deadline) {
        deadline = clock::now() + std::chrono::milliseconds(timeout_ms);
        have_deadline = true;
        wait_ms = static_cast<int>(std::min<DWORD>(timeout_ms, 0x7fffffff));
      } else if (!infinite) {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock::now()).count();
        wait_ms = left > 0 ? static_cast<int>(left) : 0;
      }
      // Announce the sleep, then look at the queue once more: a producer either sees this
      // thread as a sleeper (and wakes it) or this thread sees its completion.
      sleepers_.fetch_add(1, std::memory_order_seq_cst);
      if (queued_.load(std::memory_order_seq_cst) > 0) {
        sleepers_.fetch_sub(1, std::memory_order_relaxed);
        continue;
      }
      int n = ::epoll_wait(epfd_, events, kMaxEvents, wait_ms);
      sleepers_.fetch_sub(1, std::memory_order_relaxed);
      if (n < 0 && errno != EINTR) {
        set_last_error(completion_error_from_errno(errno));
        return FALSE;
      }
      if (n > 0) {
        harvest.clear();
        t_polling = this;
        t_harvest = &harvest;
        bool took_wake = false;
        for (int i = 0; i < n; ++i) {
          if (events[i].data.u64 == kWakeToken) took_wake = true;
          else if (events[i].data.u64 != kCloseToken) handle_event(events[i]);
        }
        if (took_wake) wake_consumed();
        t_polling = nullptr;
        t_harvest = nullptr;
        // The wake-up was meant for a thread to take a queued completion. This thread
        // leaves with its own harvest instead, so it passes the wake-up on: else that
        // completion waits until some thread comes back on its own.
        if (took_wake && !harvest.empty() && queued_.load(std::memory_order_seq_cst) > 0) wake_if_sleeping();
        if (!harvest.empty()) {
          hand_out(harvest, out, max, got);
          return TRUE;
        }
      }
      if (n == 0 && !infinite && clock::now() >= deadline) {
        if (take_queued(out, max, got)) return TRUE;
        set_last_error(WAIT_TIMEOUT);
        return FALSE;
      }
    }
  }

  // A recv posted by one of this port's workers while it handles a completion, on a socket
  // that may still hold bytes (its last read filled the buffer): not tried now, when the
  // peer has most likely not answered yet (an EAGAIN), but once a worker has no queued
  // completion left, or at the latest by the progress thread's next round (10 ms). The
  // socket is known by its token, so a socket closed since is skipped.
  void defer_recv(const SockState& s) {
    std::lock_guard lock(deferred_mu_);
    deferred_.push_back(token(s));
    has_deferred_.store(true, std::memory_order_release);
  }

 private:
  bool has_waiter() const override { return sleepers_.load(std::memory_order_relaxed) > 0; }

  void periodic() override {
    if (has_deferred_.load(std::memory_order_acquire)) run_deferred();  // completions go to the queue
  }

  // Tries every deferred recv once; what completes goes where complete_op sends it.
  void run_deferred() {
    static thread_local std::vector<uint64_t> batch;
    batch.clear();
    {
      std::lock_guard lock(deferred_mu_);
      batch.swap(deferred_);
      has_deferred_.store(false, std::memory_order_release);
    }
    for (uint64_t t : batch) {
      SockState* s = sock_state(static_cast<int>(t & 0xffffffffu));
      if (!s) continue;
      std::lock_guard lock(s->mu);
      if (!s->open || s->gen != static_cast<uint32_t>(t >> 32) || s->port != this) continue;
      if (s->epoll_readable) pump_recvs(*s);  // else the next edge finishes it
    }
  }

  // Gives the caller up to max of a harvest and queues the rest for other threads.
  void hand_out(const std::vector<Completion>& harvest, Completion* out, ULONG max, ULONG* got) {
    ULONG take = std::min<ULONG>(max, static_cast<ULONG>(harvest.size()));
    for (ULONG i = 0; i < take; ++i) out[i] = harvest[i];
    *got = take;
    if (harvest.size() > take) {
      {
        std::lock_guard lock(mu_);
        queue_.insert(queue_.end(), harvest.begin() + take, harvest.end());
        queued_.store(queue_.size(), std::memory_order_seq_cst);
      }
      wake_if_sleeping();
    }
  }

  // The progress thread's round: its completions go to the queue, each waking a waiter;
  // a wake-up it swallowed is passed on.
  void progress_once() override {
    epoll_event events[kMaxEvents];
    int n = ::epoll_wait(epfd_, events, kMaxEvents, 0);
    bool swallowed_wake = false;
    for (int i = 0; i < n; ++i) {
      if (events[i].data.u64 == kWakeToken) swallowed_wake = true;
      else if (events[i].data.u64 != kCloseToken) handle_event(events[i]);
    }
    if (swallowed_wake) wake_consumed();
    if (swallowed_wake && queued_.load(std::memory_order_seq_cst) > 0) wake_if_sleeping();
  }

  bool take_queued(Completion* out, ULONG max, ULONG* got) {
    if (queued_.load(std::memory_order_acquire) == 0) return false;
    bool more;
    {
      std::lock_guard lock(mu_);
      ULONG n = 0;
      while (n < max && !queue_.empty()) {
        out[n++] = queue_.front();
        queue_.pop_front();
      }
      *got = n;
      queued_.store(queue_.size(), std::memory_order_seq_cst);
      more = !queue_.empty();
    }
    // Each wake-up reaches one sleeper; pass the baton while completions remain.
    if (more) wake_if_sleeping();
    return *got > 0;
  }

  // A wake-up costs a system call: only when a thread sleeps in epoll_wait (busy workers
  // find queued completions themselves before they sleep), and only when no wake-up is on
  // its way already. Writes to the edge-triggered eventfd before a thread takes the event
  // make one event, not several, so a handler that queues 15 sends in a row paid 15 writes
  // for one wake-up. The thread that takes the event clears the flag before it looks at the
  // queue, and passes the baton if completions remain (take_queued), so none is stranded.
  void wake_if_sleeping() {
    if (sleepers_.load(std::memory_order_seq_cst) > 0 && !wake_pending_.exchange(true, std::memory_order_seq_cst))
      wake_one();
  }
  void wake_consumed() { wake_pending_.store(false, std::memory_order_seq_cst); }

  void wake_one() {
    uint64_t one = 1;
    (void)!::write(wakefd_, &one, sizeof one);  // edge-triggered: each event wakes one
  }

  static void handle_event(const epoll_event& ev);

  int epfd_, wakefd_, closefd_;
  std::mutex mu_;
  std::deque<Completion> queue_;
  std::atomic<size_t> queued_{0};
  std::atomic<int> sleepers_{0};  // threads in (or about to enter) epoll_wait
  std::atomic<bool> wake_pending_{false};  // a wake-up written that no thread has taken yet
  std::mutex deferred_mu_;
  std::vector<uint64_t> deferred_;  // tokens of sockets with a deferred recv
  std::atomic<bool> has_deferred_{false};
};

// --- the I/O a woken thread performs (socket lock held) ---

// Returns bytes received (>= 0), or -errno. Notes when the socket is drained.
ssize_t recv_into(SockState& s, Op* op) {
  msghdr msg{};
  msg.msg_iov = op->iov;
  msg.msg_iovlen = static_cast<size_t>(op->iovcnt);
  for (;;) {
    // One buffer (the common case): recv spares the kernel importing an iovec array.
    ssize_t n = op->iovcnt == 1
                    ? ::recv(s.fd, static_cast<void*>(op->iov[0].iov_base), op->iov[0].iov_len, MSG_DONTWAIT)
                    : ::recvmsg(s.fd, &msg, MSG_DONTWAIT);
    if (n > 0 && static_cast<size_t>(n) < op->total && !s.epoll_hangup)
      s.epoll_readable = false;  // took all there was
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    if (errno == EAGAIN && !s.epoll_hangup) s.epoll_readable = false;
    return -errno;
  }
}

// Sends as much of op as the kernel takes. Returns 0 when all is sent, -EAGAIN when the
// rest must wait, or -errno.
int send_from(SockState& s, Op* op) {
  while (op->done < op->total) {
    msghdr msg{};
    msg.msg_iov = op->iov;
    msg.msg_iovlen = static_cast<size_t>(op->iovcnt);
    ssize_t n = op->iovcnt == 1
                    ? ::send(s.fd, static_cast<const void*>(op->iov[0].iov_base), op->iov[0].iov_len,
                             MSG_DONTWAIT | MSG_NOSIGNAL)
                    : ::sendmsg(s.fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    op->advance(static_cast<size_t>(n));
  }
  return 0;
}

// Returns the new fd, or -errno.
int accept_one(SockState& s) {
  for (;;) {
    int fd = ::accept4(s.fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) return fd;
    if (errno == EINTR || errno == ECONNABORTED) continue;  // that peer left; try the next
    return -errno;
  }
}

void pump_recvs(SockState& s) {
  while (Op* op = s.recvs.head) {
    ssize_t n = recv_into(s, op);
    if (n == -EAGAIN) return;
    s.recvs.pop();
    if (n >= 0) complete_op(s.port, s.key, op, static_cast<DWORD>(n), 0);
    else complete_op(s.port, s.key, op, 0, completion_error_from_errno(static_cast<int>(-n)));
  }
}

void pump_sends(SockState& s) {
  while (Op* op = s.sends.head) {
    int r = send_from(s, op);
    if (r == -EAGAIN) return;
    s.sends.pop();
    if (r == 0) complete_op(s.port, s.key, op, static_cast<DWORD>(op->total), 0);
    else complete_op(s.port, s.key, op, static_cast<DWORD>(op->done), completion_error_from_errno(-r));
  }
}

void pump_accepts(SockState& s) {
  while (Op* op = s.accepts.head) {
    int fd = accept_one(s);
    if (fd == -EAGAIN) return;
    s.accepts.pop();
    DWORD err = fd >= 0 ? finish_accept(op, fd) : completion_error_from_errno(-fd);
    complete_op(s.port, s.key, op, 0, err);
  }
}

void EpollPort::handle_event(const epoll_event& ev) {
  const int fd = static_cast<int>(ev.data.u64 & 0xffffffffu);
  const uint32_t gen = static_cast<uint32_t>(ev.data.u64 >> 32);
  SockState* s = sock_state(fd);
  if (!s) return;
  std::lock_guard lock(s->mu);
  if (!s->open || s->gen != gen) return;  // an event for a socket closed since
  const bool err = ev.events & (EPOLLERR | EPOLLHUP);
  if (ev.events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) s->epoll_hangup = true;
  if (ev.events & (EPOLLIN | EPOLLRDHUP) || err) {
    s->epoll_readable = true;
    if (s->listening) pump_accepts(*s); else pump_recvs(*s);
  }
  if (ev.events & EPOLLOUT || err) pump_sends(*s);
}

class EpollEngine final : public Engine {
 public:
  const char* name() const override { return "epoll"; }

  Port* create_port() override {
    int epfd = ::epoll_create1(EPOLL_CLOEXEC);
    int wakefd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    int closefd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (epfd < 0 || wakefd < 0 || closefd < 0) {
      int err = errno;
      if (epfd >= 0) ::close(epfd);
      if (wakefd >= 0) ::close(wakefd);
      if (closefd >= 0) ::close(closefd);
      set_last_error(completion_error_from_errno(err));
      return nullptr;
    }
    epoll_event wake{};
    wake.events = EPOLLIN | EPOLLET;
    wake.data.u64 = kWakeToken;
    epoll_event close{};
    close.events = EPOLLIN;
    close.data.u64 = kCloseToken;
    ::epoll_ctl(epfd, EPOLL_CTL_ADD, wakefd, &wake);
    ::epoll_ctl(epfd, EPOLL_CTL_ADD, closefd, &close);
    return new EpollPort(epfd, wakefd, closefd);
  }

  int associate(SockState& s) override {
    s.port->ensure_progress_thread();
    return add(s);
  }

  void reassociate(SockState& s) override { add(s); }

  int start_recv(SockState& s, Op* op, DWORD* bytes) override {
    if (!s.recvs.empty()) return queue(s.recvs, op);  // behind earlier recvs, in order
    if (!s.epoll_readable) return queue(s.recvs, op);  // drained: the next edge finishes it
    if (s.port && t_worker_of == s.port && !s.skip_port_on_success && defer_workers_recvs()) {
      static_cast<EpollPort*>(s.port)->defer_recv(s);
      return queue(s.recvs, op);
    }
    ssize_t n = recv_into(s, op);
    if (n == -EAGAIN) return queue(s.recvs, op);
    if (n < 0) {
      delete op;
      return static_cast<int>(wsa_error_from_errno(static_cast<int>(-n)));
    }
    *bytes = static_cast<DWORD>(n);
    complete_op(port_for_success(s), s.key, op, *bytes, 0);
    return 0;
  }

  int start_send(SockState& s, Op* op, DWORD* bytes) override {
    if (!s.sends.empty()) return queue(s.sends, op);  // never interleave with earlier sends
    int r = send_from(s, op);
    if (r == -EAGAIN) return queue(s.sends, op);
    if (r < 0) {
      delete op;
      return static_cast<int>(wsa_error_from_errno(-r));
    }
    *bytes = static_cast<DWORD>(op->total);
    complete_op(port_for_success(s), s.key, op, *bytes, 0);
    return 0;
  }

  int start_accept(SockState& s, Op* op) override {
    if (!s.accepts.empty()) return queue(s.accepts, op);
    int fd = accept_one(s);
    if (fd == -EAGAIN) return queue(s.accepts, op);
    if (fd < 0) {
      delete op;
      return static_cast<int>(wsa_error_from_errno(-fd));
    }
    DWORD err = finish_accept(op, fd);
    if (err) {
      delete op;
      return static_cast<int>(err);
    }
    complete_op(port_for_success(s), s.key, op, 0, 0);
    return 0;
  }

  void abort_all(SockState& s) override {
    if (s.port) ::epoll_ctl(static_cast<EpollPort*>(s.port)->epfd(), EPOLL_CTL_DEL, s.fd, nullptr);
    std::vector<Op*> ops;
    s.recvs.take_all(ops);
    s.sends.take_all(ops);
    s.accepts.take_all(ops);
    for (Op* op : ops) complete_op(s.port, s.key, op, static_cast<DWORD>(op->done), ERROR_OPERATION_ABORTED);
  }

  bool cancel(SockState& s, LPOVERLAPPED ov) override {
    std::vector<Op*> ops;
    s.recvs.remove_matching(ov, ops);
    s.sends.remove_matching(ov, ops);
    s.accepts.remove_matching(ov, ops);
    for (Op* op : ops) complete_op(s.port, s.key, op, static_cast<DWORD>(op->done), ERROR_OPERATION_ABORTED);
    return !ops.empty();
  }

  void cancel_accepts_into(SockState& s, int accept_fd, uint32_t accept_gen) override {
    std::vector<Op*> ops;
    for (Op* op = s.accepts.head; op; op = op->next)
      if (op->accept_fd == accept_fd && op->accept_gen == accept_gen) ops.push_back(op);
    for (Op* op : ops) {
      s.accepts.remove(op);
      complete_op(s.port, s.key, op, 0, ERROR_OPERATION_ABORTED);
    }
  }

 private:
  // Where an operation that succeeded at once reports: the port, or nowhere when the
  // socket asked to skip it (the caller handles the result inline).
  static Port* port_for_success(const SockState& s) { return s.skip_port_on_success ? nullptr : s.port; }

  static int queue(OpQueue& q, Op* op) {
    q.push(op);
    return WSA_IO_PENDING;
  }

  static int add(SockState& s) {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    ev.data.u64 = token(s);
    int epfd = static_cast<EpollPort*>(s.port)->epfd();
    if (::epoll_ctl(epfd, EPOLL_CTL_ADD, s.fd, &ev) < 0) {
      if (errno != EEXIST) return static_cast<int>(wsa_error_from_errno(errno));
      ::epoll_ctl(epfd, EPOLL_CTL_MOD, s.fd, &ev);
    }
    return 0;
  }
};

}  // namespace

Engine* make_epoll_engine() { return new EpollEngine; }

}  // namespace iocplab::platform
