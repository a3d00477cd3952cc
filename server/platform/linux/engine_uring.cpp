// engine_uring.cpp — IOCP semantics over io_uring: real kernel completions.
//
// Each completion port owns one ring. WSARecv, WSASend and AcceptEx become recv, send
// and accept submissions whose completion queue entries (CQEs) carry the Op; the kernel
// does the I/O, like Windows does for an overlapped call. Threads in
// GetQueuedCompletionStatus take turns as the ring's reaper (leader/followers): one waits
// on the ring, turns CQEs into completions, keeps the first and queues the rest for the
// followers sleeping on a condition variable. Posted completions go straight to that
// queue and, when nobody follows, wake the reaper with a NOP.
//
// Sends on one socket never interleave: the queued sends go to the kernel together as one
// linked chain (IOSQE_IO_LINK: each starts when the one before it is done; MSG_WAITALL: a
// send finishes only with all its bytes or an error), and sends queued meanwhile wait for
// the whole chain. So a socket's queue drains in one round, as with epoll.
//
// Batched submission: a worker thread (one that took a completion from this port) only
// queues its requests in the submission ring; they enter the kernel together when a
// thread is about to sleep in GetQueuedCompletionStatus (or once 64 are waiting) — one
// io_uring_enter for a burst of completions' worth of sends and recvs. Any other thread
// submits at once, and the progress thread flushes leftovers every 10 ms, so nothing
// waits on a worker that does not come back.
#include <liburing.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <condition_variable>
#include <cstring>
#include <deque>

#include "internal.h"
#include "iocp_test_hooks.h"

namespace iocplab::platform {
namespace {

constexpr uint64_t kWakeTag = 1;    // a NOP that wakes the reaper
constexpr uint64_t kCancelTag = 2;  // the CQE of a cancel request itself
constexpr unsigned kRingEntries = 4096;

class UringPort;
void release_fd_hold(SockState& s);
thread_local UringPort* t_reaping = nullptr;
thread_local UringPort* t_worker_of = nullptr;  // the port this thread last dequeued from
thread_local std::vector<Completion>* t_harvest = nullptr;

class UringPort final : public Port {
 public:
  // COOP_TASKRUN: the kernel finishes a request (the recv once data came) as task work on the
  // thread that submitted it. By default it interrupts that thread with an IPI if it is running;
  // with this flag it waits for the thread's next entry into the kernel, or wakes it if it sleeps.
  // Measured (bench/README.md): the IPIs cost the echo more than the rest of the engine.
  // IOCPLAB_URING_COOP=0 keeps the old behaviour, for side-by-side runs.
  static unsigned ring_flags() {
    static const unsigned flags =
        env_switch_on("IOCPLAB_URING_COOP") ? unsigned(IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG) : 0u;
    return flags;
  }

  static UringPort* create(int* err) {
    auto* p = new UringPort;
    int r = io_uring_queue_init(kRingEntries, &p->ring_, ring_flags());
    if (r == -EINVAL && ring_flags() != 0) r = io_uring_queue_init(kRingEntries, &p->ring_, 0);  // before 5.19
    if (r < 0) {
      *err = -r;
      p->ring_ok_ = false;
      p->release();
      return nullptr;
    }
    return p;
  }

  void teardown() override {
    if (!ring_ok_) return;
    stop_progress_thread();
    drain_inflight();
    io_uring_queue_exit(&ring_);
  }

  // Queues one request prepared by prep(sqe) and submits it — or, on a worker thread of
  // this port and when `deferrable`, leaves it in the ring until a thread is about to
  // wait (see flush). Returns 0 once the request is in the ring: from then on the kernel
  // owns it, so it must never fail synchronously (a failed io_uring_submit leaves it in
  // the ring, and the next flush enters it). -EBUSY only when no entry was free: nothing
  // was published, and the caller may fail the operation at once.
  template <class Prep>
  int submit(uint64_t user_data, Prep&& prep, bool deferrable = false) {
    std::lock_guard lock(sq_mu_);
    if (user_data == kCancelTag && test_hooks::take_cancel_failure()) return -EBUSY;
    io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
    if (!sqe) {
      ring_submit_locked();
      sqe = io_uring_get_sqe(&ring_);
      if (!sqe) return -EBUSY;
    }
    prep(sqe);
    io_uring_sqe_set_data64(sqe, user_data);
    if (user_data != kWakeTag && user_data != kCancelTag) {
      inflight_.fetch_add(1, std::memory_order_relaxed);
      reinterpret_cast<Op*>(user_data)->handoff.fetch_add(1, std::memory_order_release);
    }
    if (deferrable && t_worker_of == this && ++deferred_ < kMaxDeferred) {
      unsubmitted_.store(true, std::memory_order_release);
      return 0;
    }
    ring_submit_locked();
    return 0;
  }

  // Submits whatever workers left in the ring, whatever a failed io_uring_submit left
  // there, and the cancels that found no free entry.
  void flush() {
    if (!unsubmitted_.load(std::memory_order_acquire)) return;
    std::lock_guard lock(sq_mu_);
    if (!unsubmitted_.load(std::memory_order_relaxed)) return;
    retry_cancels_locked();
    ring_submit_locked();
  }

  void enqueue(const Completion& c) override {
    if (t_reaping == this && t_harvest) {  // the reaper finishing an op: keep it local
      t_harvest->push_back(c);
      return;
    }
    std::lock_guard lock(mu_);
    queue_.push_back(c);
    hand_out_locked();
  }

  void close() override {
    {
      std::lock_guard lock(mu_);
      cv_.notify_all();
    }
    wake();
  }

  BOOL dequeue(Completion* out, ULONG max, ULONG* got, DWORD timeout_ms) override {
    using clock = std::chrono::steady_clock;
    const bool infinite = timeout_ms == INFINITE;
    const auto deadline = clock::now() + std::chrono::milliseconds(infinite ? 0 : timeout_ms);
    *got = 0;
    static thread_local std::vector<Completion> harvest;  // reused: no allocation per call
    t_worker_of = this;  // from now on this thread's requests can wait until it sleeps
    std::unique_lock lock(mu_);
    for (;;) {
      note_activity();
      if (closed()) {  // after CloseHandle nothing more is handed out
        set_last_error(ERROR_ABANDONED_WAIT_0);
        return FALSE;
      }
      if (!queue_.empty()) {
        while (*got < max && !queue_.empty()) {
          out[(*got)++] = queue_.front();
          queue_.pop_front();
        }
        hand_out_locked();  // the rest is for others
        return TRUE;
      }
      if (!infinite && clock::now() >= deadline) {
        flush();  // a thread polling with short time-outs must not hold its requests back
        set_last_error(WAIT_TIMEOUT);
        return FALSE;
      }
      if (reaping_) {  // someone is on the ring: follow
        lock.unlock();
        flush();  // about to sleep: queued requests go in first
        lock.lock();
        if (!queue_.empty() || !reaping_) continue;
        ++waiters_;
        if (infinite) cv_.wait(lock);
        else cv_.wait_until(lock, deadline);
        --waiters_;
        if (signaled_ > 0) --signaled_;  // (a timed-out follower may take another's: harmless)
        continue;
      }
      reaping_ = true;
      lock.unlock();
      flush();  // about to sleep on the ring: queued requests go in first
      harvest.clear();
      reap(harvest, infinite, deadline);
      lock.lock();
      reaping_ = false;
      queue_.insert(queue_.end(), harvest.begin(), harvest.end());
      // A follower takes over the ring (this thread keeps one completion, if any).
      if (waiters_ > signaled_) {
        ++signaled_;
        cv_.notify_one();
      }
    }
  }

  // Socket-level requests (called with the socket's lock held).
  // A worker re-posts a recv right after handling the last one, and its reply is still in
  // the ring, unsent: the peer cannot have answered yet. POLL_FIRST (Linux 5.19, as the
  // engine needs anyway) skips the recv attempt that would find nothing and waits at once.
  int submit_recv(Op* op) {
    const bool expect_empty = t_worker_of == this && poll_first();
    return submit(reinterpret_cast<uint64_t>(op), [op, expect_empty](io_uring_sqe* sqe) {
      if (op->iovcnt == 1) {
        io_uring_prep_recv(sqe, op->fd, op->iov[0].iov_base, op->iov[0].iov_len, 0);
      } else {
        op->msg = msghdr{};
        op->msg.msg_iov = op->iov;
        op->msg.msg_iovlen = static_cast<size_t>(op->iovcnt);
        io_uring_prep_recvmsg(sqe, op->fd, &op->msg, 0);
      }
      if (expect_empty) sqe->ioprio |= IORING_RECVSEND_POLL_FIRST;
    }, true);
  }
  static bool poll_first() {  // IOCPLAB_URING_POLL_FIRST=0: try every recv at once, for side-by-side runs
    static const bool on = env_switch_on("IOCPLAB_URING_POLL_FIRST");
    return on;
  }
  // Submits the socket's queued sends (up to kMaxChain) as one linked chain. Returns how
  // many went in (0 when the ring had no room).
  int submit_send_chain(SockState& s) {
    constexpr int kMaxChain = 64;
    std::lock_guard lock(sq_mu_);
    int n = 0;
    for (Op* op = s.sends.head; op && n < kMaxChain; op = op->next) ++n;
    if (n == 0) return 0;
    if (io_uring_sq_space_left(&ring_) < static_cast<unsigned>(n)) ring_submit_locked();
    if (io_uring_sq_space_left(&ring_) < static_cast<unsigned>(n)) return 0;
    // The chain's SQEs are contiguous (sq_mu_ is held), as IOSQE_IO_LINK requires.
    Op* op = s.sends.head;
    for (int i = 0; i < n; ++i, op = op->next) {
      io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
      if (op->iovcnt == 1) {
        io_uring_prep_send(sqe, op->fd, op->iov[0].iov_base, op->iov[0].iov_len, MSG_NOSIGNAL | MSG_WAITALL);
      } else {
        op->msg = msghdr{};
        op->msg.msg_iov = op->iov;
        op->msg.msg_iovlen = static_cast<size_t>(op->iovcnt);
        io_uring_prep_sendmsg(sqe, op->fd, &op->msg, MSG_NOSIGNAL | MSG_WAITALL);
      }
      if (i + 1 < n) sqe->flags |= IOSQE_IO_LINK;
      io_uring_sqe_set_data64(sqe, reinterpret_cast<uint64_t>(op));
      inflight_.fetch_add(1, std::memory_order_relaxed);
      op->handoff.fetch_add(1, std::memory_order_release);
      op->in_kernel = true;
    }
    s.uring_sends_in_kernel = n;
    if (t_worker_of == this && ++deferred_ < kMaxDeferred) {
      unsubmitted_.store(true, std::memory_order_release);
    } else {
      ring_submit_locked();
    }
    return n;
  }
  int submit_accept(Op* op) {
    return submit(reinterpret_cast<uint64_t>(op), [op](io_uring_sqe* sqe) {
      io_uring_prep_accept(sqe, op->fd, nullptr, nullptr, SOCK_CLOEXEC);
    }, true);
  }
  // Cancels one request the kernel holds, by its user_data (the Op, which lives until its
  // CQE, so the cancel cannot reach another request, however late it runs — unlike a
  // cancel by fd number, which a socket reusing that number would catch). A cancel that
  // finds no free entry waits in cancel_backlog_ and is retried at every flush.
  void cancel_op(Op* op) {
    if (submit(kCancelTag, [op](io_uring_sqe* sqe) { io_uring_prep_cancel64(sqe, reinterpret_cast<uint64_t>(op), 0); }) == 0)
      return;
    std::lock_guard lock(sq_mu_);
    cancel_backlog_.push_back(op);
    backlog_size_.store(cancel_backlog_.size(), std::memory_order_relaxed);
    unsubmitted_.store(true, std::memory_order_release);
  }

 private:
  UringPort() = default;

  // Enters what the ring holds (sq_mu_ held). If the kernel refuses (EBUSY, EAGAIN,
  // ENOMEM, or the failure a test asked for), the requests stay in the ring, published and
  // owned by the kernel: the next flush (at the latest the progress thread's, 10 ms on)
  // tries again.
  void ring_submit_locked() {
    deferred_ = 0;
    int err = 0;
    int r = test_hooks::take_submit_failure(&err) ? -err : io_uring_submit(&ring_);
    const bool left_over = r < 0 || !cancel_backlog_.empty();
    unsubmitted_.store(left_over, std::memory_order_release);
  }

  // Puts the waiting cancels into the ring, as far as it has room (sq_mu_ held).
  void retry_cancels_locked() {
    while (!cancel_backlog_.empty()) {
      io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
      if (!sqe) break;
      io_uring_prep_cancel64(sqe, reinterpret_cast<uint64_t>(cancel_backlog_.back()), 0);
      io_uring_sqe_set_data64(sqe, kCancelTag);
      cancel_backlog_.pop_back();
    }
    backlog_size_.store(cancel_backlog_.size(), std::memory_order_relaxed);
  }

  // The op's CQE arrived: a cancel still waiting for it must not outlive it.
  void forget_cancel(Op* op) {
    if (backlog_size_.load(std::memory_order_relaxed) == 0) return;
    std::lock_guard lock(sq_mu_);
    std::erase(cancel_backlog_, op);
    backlog_size_.store(cancel_backlog_.size(), std::memory_order_relaxed);
  }

  void wake() {
    if (wake_sent_.exchange(true, std::memory_order_acq_rel)) return;  // one is on its way
    if (submit(kWakeTag, [](io_uring_sqe* sqe) { io_uring_prep_nop(sqe); }) != 0)
      wake_sent_.store(false, std::memory_order_release);  // none is on its way after all
  }

  bool has_waiter() const override { return reaping_.load(std::memory_order_relaxed); }

  void periodic() override { flush(); }

  // The progress thread's round: reap what the ring holds without waiting.
  void progress_once() override {
    {
      std::lock_guard lock(mu_);
      if (reaping_) return;
      reaping_ = true;
    }
    std::vector<Completion> harvest;
    process_cqes(harvest);
    flush();
    std::lock_guard lock(mu_);
    reaping_ = false;
    queue_.insert(queue_.end(), harvest.begin(), harvest.end());
    hand_out_locked();
    if (waiters_ > signaled_) {  // and someone to watch the ring
      ++signaled_;
      cv_.notify_one();
    }
  }

  // With mu_ held: make sure every queued completion has a thread coming for it — one
  // signalled follower each, and the reaper woken (a NOP) for what is left over. A
  // follower already signalled but not yet awake must not count twice.
  void hand_out_locked() {
    size_t unclaimed = queue_.size();
    while (unclaimed > 0 && waiters_ > signaled_) {
      ++signaled_;
      cv_.notify_one();
      --unclaimed;
    }
    if (unclaimed > 0 && reaping_) wake();
  }

  // Waits for CQEs until the deadline and turns them into completions in `harvest`.
  void reap(std::vector<Completion>& harvest, bool infinite,
            std::chrono::steady_clock::time_point deadline) {
    io_uring_cqe* cqe = nullptr;
    int r;
    if (infinite) {
      r = io_uring_wait_cqe(&ring_, &cqe);
    } else {
      auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() < 0) left = std::chrono::nanoseconds(0);
      __kernel_timespec ts{};
      ts.tv_sec = left.count() / 1000000000;
      ts.tv_nsec = left.count() % 1000000000;
      r = io_uring_wait_cqe_timeout(&ring_, &cqe, &ts);
    }
    if (r < 0) return;  // -ETIME or -EINTR: the caller re-checks
    process_cqes(harvest);
  }

  // Turns every CQE the ring holds now into completions in `harvest`.
  void process_cqes(std::vector<Completion>& harvest) {
    io_uring_cqe* cqe = nullptr;
    t_reaping = this;
    t_harvest = &harvest;
    unsigned head, seen = 0;
    io_uring_for_each_cqe(&ring_, head, cqe) {
      handle_cqe(cqe->user_data, cqe->res);
      ++seen;
    }
    io_uring_cq_advance(&ring_, seen);
    t_reaping = nullptr;
    t_harvest = nullptr;
  }

  void handle_cqe(uint64_t user_data, int res);
 public:
  void start_queued_sends(SockState& s);

 private:

  // At destruction: cancel whatever is still in the kernel and free its Ops.
  void drain_inflight() {
    if (inflight_.load() == 0) return;
    submit(kCancelTag, [](io_uring_sqe* sqe) { io_uring_prep_cancel64(sqe, 0, IORING_ASYNC_CANCEL_ANY); });
    for (int i = 0; i < 100 && inflight_.load() > 0; ++i) {
      io_uring_cqe* cqe = nullptr;
      __kernel_timespec ts{0, 10 * 1000 * 1000};
      if (io_uring_wait_cqe_timeout(&ring_, &cqe, &ts) < 0) continue;
      uint64_t data = cqe->user_data;
      io_uring_cqe_seen(&ring_, cqe);
      if (data != kWakeTag && data != kCancelTag) {
        Op* op = reinterpret_cast<Op*>(data);
        (void)op->handoff.load(std::memory_order_acquire);
        if (op->holds_fd) {
          SockState* s = sock_state(op->fd);
          std::lock_guard lock(s->mu);
          release_fd_hold(*s);
        }
        delete op;
        inflight_.fetch_sub(1);
      }
    }
  }

  io_uring ring_{};
  bool ring_ok_ = true;
  std::mutex sq_mu_;  // the submission queue has many producers
  std::atomic<long> inflight_{0};
  std::atomic<bool> wake_sent_{false};
  std::atomic<bool> unsubmitted_{false};  // requests in the ring not yet submitted, or cancels waiting
  static constexpr int kMaxDeferred = 64;
  int deferred_ = 0;  // how many (under sq_mu_)
  std::vector<Op*> cancel_backlog_;  // cancels that found no free entry (under sq_mu_)
  std::atomic<size_t> backlog_size_{0};

  std::mutex mu_;  // queue_, reaping_, waiters_, signaled_
  std::condition_variable cv_;
  std::deque<Completion> queue_;
  std::atomic<bool> reaping_{false};  // written under mu_; read without it by has_waiter
  int waiters_ = 0;   // followers sleeping on cv_
  int signaled_ = 0;  // of those, already notified and not yet awake

  friend class UringEngine;
};

// A request that outlived closesocket has reported: the last one closes the fd.
void release_fd_hold(SockState& s) {
  if (s.uring_close_holds > 0 && --s.uring_close_holds == 0 && !s.open) ::close(s.fd);
}

DWORD error_from_res(int res) {
  return -res == ECANCELED ? ERROR_OPERATION_ABORTED : completion_error_from_errno(-res);
}

// Sends the socket's queued sends; if the ring has no room, they fail (no completion
// would ever come for them otherwise).
void UringPort::start_queued_sends(SockState& s) {
  if (submit_send_chain(s) > 0) return;
  std::vector<Op*> ops;
  s.sends.take_all(ops);
  for (Op* op : ops) complete_op(op->port, op->key, op, 0, ERROR_NO_SYSTEM_RESOURCES);
}

void UringPort::handle_cqe(uint64_t user_data, int res) {
  if (user_data == kWakeTag) {
    wake_sent_.store(false, std::memory_order_release);
    return;
  }
  if (user_data == kCancelTag) return;
  inflight_.fetch_sub(1, std::memory_order_relaxed);
  Op* op = reinterpret_cast<Op*>(user_data);
  (void)op->handoff.load(std::memory_order_acquire);
  forget_cancel(op);
  SockState* s = sock_state(op->fd);
  std::lock_guard lock(s->mu);
  if (op->holds_fd) release_fd_hold(*s);
  // An operation the kernel finished reports what it did, even if the socket was closed
  // since (as on Windows: only operations still pending are aborted by closesocket).
  // One that failed after the close — cancelled, or its file gone — was aborted.
  const bool live = s->open && s->gen == op->gen;
  auto failure = [&](int r) { return live ? error_from_res(r) : ERROR_OPERATION_ABORTED; };
  switch (op->kind) {
    case OpKind::Recv:
      if (live) s->recvs.remove(op);
      if (res >= 0) complete_op(op->port, op->key, op, static_cast<DWORD>(res), 0);
      else complete_op(op->port, op->key, op, 0, failure(res));
      break;
    case OpKind::Send: {
      if (live) {
        s->sends.remove(op);
        if (op->in_kernel) --s->uring_sends_in_kernel;
      }
      op->in_kernel = false;
      // MSG_WAITALL: all the bytes, or an error (-ECANCELED for the rest of a broken chain).
      const bool all_sent = res >= 0 && static_cast<size_t>(res) == op->total;
      DWORD err = all_sent ? 0 : res < 0 ? failure(res) : ERROR_NETNAME_DELETED;
      complete_op(op->port, op->key, op, res > 0 ? static_cast<DWORD>(res) : 0, err);
      if (live && s->uring_sends_in_kernel == 0 && !s->sends.empty()) start_queued_sends(*s);
      break;
    }
    case OpKind::Accept:
      if (live) s->accepts.remove(op);
      if (res >= 0) complete_op(op->port, op->key, op, 0, finish_accept(op, res));
      else complete_op(op->port, op->key, op, 0, failure(res));
      break;
  }
}

class UringEngine final : public Engine {
 public:
  const char* name() const override { return "uring"; }

  Port* create_port() override {
    int err = 0;
    UringPort* p = UringPort::create(&err);
    if (!p) set_last_error(completion_error_from_errno(err));
    return p;
  }

  int associate(SockState& s) override {  // the ring needs no registration
    s.port->ensure_progress_thread();
    return 0;
  }
  void reassociate(SockState&) override {}

  int start_recv(SockState& s, Op* op, DWORD*) override {
    if (!prepare(s, op)) return reject(op, WSAEINVAL);
    if (int r = port_of(s)->submit_recv(op)) return reject(op, wsa_error_from_errno(-r));
    s.recvs.push(op);
    return WSA_IO_PENDING;
  }

  int start_send(SockState& s, Op* op, DWORD*) override {
    if (!prepare(s, op)) return reject(op, WSAEINVAL);
    s.sends.push(op);
    if (s.uring_sends_in_kernel > 0) return WSA_IO_PENDING;  // after the chain in the kernel
    if (port_of(s)->submit_send_chain(s) == 0) {
      s.sends.remove(op);
      return reject(op, WSAENOBUFS);
    }
    return WSA_IO_PENDING;
  }

  int start_accept(SockState& s, Op* op) override {
    if (!prepare(s, op)) return reject(op, WSAEINVAL);
    if (int r = port_of(s)->submit_accept(op)) return reject(op, wsa_error_from_errno(-r));
    s.accepts.push(op);
    return WSA_IO_PENDING;
  }

  void abort_all(SockState& s) override {
    std::vector<Op*> ops;
    s.recvs.take_all(ops);
    s.sends.take_all(ops);
    s.accepts.take_all(ops);
    for (Op* op : ops) {
      if (is_submitted(op)) {
        // Its CQE reports ERROR_OPERATION_ABORTED; until then it keeps the fd open.
        op->holds_fd = true;
        ++s.uring_close_holds;
        static_cast<UringPort*>(op->port)->cancel_op(op);
      } else {
        complete_op(op->port, op->key, op, 0, ERROR_OPERATION_ABORTED);
      }
    }
    s.uring_sends_in_kernel = 0;
  }

  bool cancel(SockState& s, LPOVERLAPPED ov) override {
    std::vector<Op*> ops;
    for (OpQueue* q : {&s.recvs, &s.sends, &s.accepts}) {
      for (Op* op = q->head; op; op = op->next)
        if (!ov || op->ov == ov) ops.push_back(op);
    }
    for (Op* op : ops) {
      if (is_submitted(op)) {
        port_of(s)->cancel_op(op);
      } else {
        s.sends.remove(op);
        complete_op(op->port, op->key, op, 0, ERROR_OPERATION_ABORTED);
      }
    }
    return !ops.empty();
  }

  // Accepts are in the kernel: cancelled there, their CQE reports ERROR_OPERATION_ABORTED
  // (or, if a connection won the race, finish_accept drops it as aborted).
  void cancel_accepts_into(SockState& s, int accept_fd, uint32_t accept_gen) override {
    for (Op* op = s.accepts.head; op; op = op->next)
      if (op->accept_fd == accept_fd && op->accept_gen == accept_gen) port_of(s)->cancel_op(op);
  }

 private:
  static UringPort* port_of(SockState& s) { return static_cast<UringPort*>(s.port); }

  // Records where the completion goes. False when the socket has no port: io_uring
  // needs a ring, so overlapped I/O on an unassociated socket is refused here.
  static bool prepare(SockState& s, Op* op) {
    if (!s.port) return false;
    op->fd = s.fd;
    op->gen = s.gen;
    op->port = s.port;
    op->key = s.key;
    return true;
  }

  static int reject(Op* op, DWORD err) {
    delete op;
    return static_cast<int>(err);
  }

  // Recvs and accepts are submitted at once; sends in chains (see submit_send_chain).
  static bool is_submitted(const Op* op) { return op->kind != OpKind::Send || op->in_kernel; }
};

}  // namespace

namespace {

// What the engine needs beyond a ring; null when this kernel has it all, else the reason.
const char* missing_feature(io_uring& ring) {
  const unsigned hidden = test_hooks::hidden_uring_features();
  // Timed waits that take no submission entry (io_uring_wait_cqe_timeout); without it
  // liburing would queue a timeout request behind the engine's back.
  if (!(ring.features & IORING_FEAT_EXT_ARG) || (hidden & IOCPLAB_URING_EXT_ARG))
    return "the kernel lacks IORING_FEAT_EXT_ARG (timed waits, Linux 5.11)";
  if (io_uring_probe* probe = io_uring_get_probe_ring(&ring)) {
    const int ops[] = {IORING_OP_NOP, IORING_OP_RECV, IORING_OP_SEND, IORING_OP_RECVMSG,
                       IORING_OP_SENDMSG, IORING_OP_ACCEPT, IORING_OP_ASYNC_CANCEL};
    bool all = true;
    for (int op : ops) all = all && io_uring_opcode_supported(probe, op);
    io_uring_free_probe(probe);
    if (!all) return "the kernel lacks an io_uring operation the engine uses (send, recv, accept, cancel; Linux 5.6)";
  }
  // Cancel with IORING_ASYNC_CANCEL_ALL / _ANY (Linux 5.19, as MSG_WAITALL sends): a kernel
  // without them refuses the flags with -EINVAL; with them, nothing matches: -ENOENT.
  io_uring_sqe* sqe = io_uring_get_sqe(&ring);
  if (!sqe) return "the probe ring has no free entry";
  io_uring_prep_cancel64(sqe, 0, IORING_ASYNC_CANCEL_ALL | IORING_ASYNC_CANCEL_ANY);
  io_uring_cqe* cqe = nullptr;
  int res = -EINVAL;
  if (io_uring_submit_and_wait(&ring, 1) >= 1 && io_uring_peek_cqe(&ring, &cqe) == 0) {
    res = cqe->res;
    io_uring_cqe_seen(&ring, cqe);
  }
  if ((res != -ENOENT && res < 0) || (hidden & IOCPLAB_URING_CANCEL_ALL))
    return "the kernel lacks IORING_ASYNC_CANCEL_ALL / _ANY (cancel of every matching request, Linux 5.19)";
  return nullptr;
}

}  // namespace

Engine* make_uring_engine(const char** why_not) {
  // Probe: a kernel or sandbox may refuse io_uring (ENOSYS, EPERM) or lack what we need.
  static thread_local char reason[192];
  io_uring probe{};
  int r = io_uring_queue_init(8, &probe, 0);
  if (r < 0) {
    std::snprintf(reason, sizeof reason, "io_uring_queue_init failed: %s", std::strerror(-r));
    *why_not = reason;
    return nullptr;
  }
  const char* missing = missing_feature(probe);
  io_uring_queue_exit(&probe);
  if (missing) {
    std::snprintf(reason, sizeof reason, "%s", missing);
    *why_not = reason;
    return nullptr;
  }
  return new UringEngine;
}

}  // namespace iocplab::platform
