// internal.h — the pieces both Linux engines share: completions, pending operations,
// per-socket state, the port and engine interfaces, error mapping.
#pragma once

#include <cstdlib>

#include <sys/uio.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "iocp.h"

namespace iocplab::platform {

// What GetQueuedCompletionStatus hands out.
struct Completion {
  ULONG_PTR key = 0;
  LPOVERLAPPED ov = nullptr;
  DWORD bytes = 0;
  DWORD error = 0;  // Win32 error code, 0 for success
};

class Port;

enum class OpKind : uint8_t { Recv, Send, Accept };

// One pending overlapped operation. Owned by the socket's queue (or, for io_uring, by the
// ring while in flight) until its completion is delivered; then deleted.
struct Op {
  OpKind kind;
  LPOVERLAPPED ov = nullptr;
  Op* next = nullptr;  // intrusive FIFO link

  // Recv/Send: a copy of the caller's WSABUF descriptors (the bytes stay the caller's).
  static constexpr int kInlineBufs = 4;
  iovec inline_iov[kInlineBufs];
  std::vector<iovec> heap_iov;
  iovec* iov = inline_iov;
  int iovcnt = 0;
  size_t total = 0;  // bytes asked for (send) or room (recv)
  size_t done = 0;   // bytes sent so far (send)

  // Accept: the caller's pre-created socket (fd and generation) and address buffer.
  int accept_fd = -1;
  uint32_t accept_gen = 0;
  char* addr_buf = nullptr;
  DWORD local_len = 0, remote_len = 0;

  // io_uring bookkeeping: where the completion goes when the ring reports it.
  int fd = -1;
  uint32_t gen = 0;
  Port* port = nullptr;
  ULONG_PTR key = 0;
  bool in_kernel = false;  // io_uring: submitted and not yet reported
  bool holds_fd = false;   // io_uring: its socket was closed; the fd waits for this CQE
  msghdr msg{};
  // The ring hands an Op to another thread through the kernel, which TSan cannot see:
  // a release store at submission and an acquire load at completion make it visible.
  std::atomic<uint32_t> handoff{0};

  void set_buffers(const WSABUF* bufs, DWORD count);
  // Drop `n` transferred bytes from the front of iov (after a partial send).
  void advance(size_t n);
};

// A FIFO of pending operations (intrusive, no allocation).
struct OpQueue {
  Op* head = nullptr;
  Op* tail = nullptr;
  bool empty() const { return head == nullptr; }
  void push(Op* op);
  Op* pop();
  bool remove(Op* op);  // true when op was queued here
  // Removes and returns the ops matching ov (all when ov is null).
  void remove_matching(LPOVERLAPPED ov, std::vector<Op*>& out);
  void take_all(std::vector<Op*>& out);
};

// Per-file-descriptor state. Entries are never freed (one per fd number ever used), so a
// pointer stays valid; `gen` tells an old socket from a new one on the same fd number.
struct SockState {
  std::mutex mu;
  int fd = -1;
  uint32_t gen = 0;  // bumped at open and at close
  bool open = false;
  bool listening = false;
  Port* port = nullptr;  // associated completion port (holds a reference)
  ULONG_PTR key = 0;
  OpQueue recvs, sends, accepts;
  // SO_RCVTIMEO / SO_SNDTIMEO for the blocking recv/send, in ms as Windows takes them
  // (0 = wait forever).
  DWORD recv_timeout_ms = 0, send_timeout_ms = 0;
  // SetFileCompletionNotificationModes(FILE_SKIP_COMPLETION_PORT_ON_SUCCESS): an operation
  // that succeeds at once queues no completion.
  bool skip_port_on_success = false;
  // epoll: false once a recv found the socket drained (EAGAIN or a short read), true
  // again at the next readable edge; a WSARecv then waits for the edge instead of
  // spending a system call on an EAGAIN. (Edges are handled under mu, so none is missed.)
  bool epoll_readable = true;
  // epoll: the peer closed or the connection failed. No edge follows that, so from then on
  // a short read no longer means drained: the end of stream must still be read.
  bool epoll_hangup = false;
  // io_uring: how many of the queued sends (from the head) are in the kernel, as one
  // linked chain; the rest wait for the chain to finish.
  int uring_sends_in_kernel = 0;
  // io_uring: requests the kernel still held when the socket was closed. closesocket then
  // leaves the fd open and the last of their CQEs closes it, so the fd number cannot be
  // reused (and a late request or cancel reach another socket) while they are in flight.
  int uring_close_holds = 0;
  // The listening socket whose AcceptEx will fill this socket (-1: none): closing this
  // socket aborts that AcceptEx, as on Windows.
  int accept_listener = -1;
};

// The socket table.
SockState* sock_state(int fd);  // null if fd is out of range
// Marks fd as a fresh open socket (after socket(), accept()).
void sock_open(int fd);
// The same, with s.mu already held.
void sock_open_locked(SockState& s, int fd);

// A completion port. Engines derive from it.
class Port {
 public:
  virtual ~Port() = default;
  void add_ref() { refs_.fetch_add(1, std::memory_order_relaxed); }
  // Takes a reference unless the port is gone: a stale HANDLE fails, as on Windows
  // (ERROR_INVALID_HANDLE), instead of reaching freed memory.
  bool try_add_ref() {
    int n = refs_.load(std::memory_order_relaxed);
    while (n > 0)
      if (refs_.compare_exchange_weak(n, n + 1, std::memory_order_acq_rel)) return true;
    return false;
  }
  void release() {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) retire();
  }
  bool closed() const { return closed_.load(std::memory_order_acquire); }
  // CloseHandle: true only for the first call.
  bool mark_closed() { return !closed_.exchange(true, std::memory_order_acq_rel); }

  // GetQueuedCompletionStatus(Ex): fills up to max entries; FALSE with the last error set
  // (WAIT_TIMEOUT, ERROR_ABANDONED_WAIT_0) when it returns none.
  virtual BOOL dequeue(Completion* out, ULONG max, ULONG* got, DWORD timeout_ms) = 0;
  // Queues a completion (posted, or finished I/O). Any thread.
  virtual void enqueue(const Completion& c) = 0;
  // CloseHandle: wake every waiter with ERROR_ABANDONED_WAIT_0.
  virtual void close() = 0;

  // On Windows the kernel moves an overlapped operation's bytes whether or not a thread
  // waits on the port. Here I/O progresses inside GetQueuedCompletionStatus, so a port
  // with sockets gets a progress thread that steps in only when the port has stalled: no
  // thread waiting on it and no dequeue for 10 ms (never on a busy server's hot path).
  void ensure_progress_thread();

 protected:
  // Frees what the port holds (fds, ring, threads) when its last reference goes. The
  // object itself is kept (retire), so a stale HANDLE finds refs == 0, not freed memory.
  virtual void teardown() = 0;
  // teardown() calls this first: the progress thread must not outlive the resources.
  void stop_progress_thread();
  // One non-blocking round of I/O; completions go to the queue (waking a waiter).
  virtual void progress_once() = 0;
  // True when a thread is waiting on the port right now (it will see new events).
  virtual bool has_waiter() const = 0;
  // Called by the progress thread every 10 ms, stalled or not.
  virtual void periodic() {}
  // A thread dequeued: the port is not stalled. Written only when clear, so busy workers
  // do not bounce the cache line on every call.
  void note_activity() {
    if (!active_.load(std::memory_order_relaxed)) active_.store(true, std::memory_order_relaxed);
  }

  std::atomic<bool> closed_{false};

 private:
  void progress_loop();
  void retire();

  std::atomic<int> refs_{1};
  std::atomic<bool> active_{false};  // any dequeue since the progress thread last looked
  std::once_flag progress_once_flag_;
  std::thread progress_;
  std::mutex progress_mu_;
  std::condition_variable progress_cv_;
  bool progress_stop_ = false;
};

// An I/O engine. Calls taking a SockState& are made with its mutex held.
class Engine {
 public:
  virtual ~Engine() = default;
  virtual const char* name() const = 0;
  virtual Port* create_port() = 0;
  // s.port and s.key are already set. Returns 0 or a WSA error.
  virtual int associate(SockState& s) = 0;
  // Start an operation. Return 0 when it completed at once (its completion is queued, as
  // on Windows), WSA_IO_PENDING when it will complete later, or another WSA error when it
  // failed at once (no completion queued; op deleted). *bytes is set on 0.
  virtual int start_recv(SockState& s, Op* op, DWORD* bytes) = 0;
  virtual int start_send(SockState& s, Op* op, DWORD* bytes) = 0;
  virtual int start_accept(SockState& s, Op* op) = 0;
  // The socket is closing: every pending operation must complete with
  // ERROR_OPERATION_ABORTED exactly once (now, or when the kernel reports it).
  virtual void abort_all(SockState& s) = 0;
  // CancelIoEx: returns true when something matched.
  virtual bool cancel(SockState& s, LPOVERLAPPED ov) = 0;
  // The accept socket (accept_fd, generation accept_gen) was closed: abort the listening
  // socket s's AcceptEx that would fill it.
  virtual void cancel_accepts_into(SockState& s, int accept_fd, uint32_t accept_gen) = 0;
  // The accept socket's file was replaced (dup3): re-register it if associated.
  virtual void reassociate(SockState& s) = 0;
};

Engine& engine();

// Delivers an operation's completion to port (may be null: nothing is queued), sets
// ov->Internal/InternalHigh as Windows does, and deletes op.
void complete_op(Port* port, ULONG_PTR key, Op* op, DWORD bytes, DWORD error);

// The accept side of AcceptEx, shared by both engines: moves newfd onto the caller's
// pre-created socket and writes the two addresses. Returns 0 or a Win32 error.
DWORD finish_accept(Op* op, int newfd);

// Errors.
void set_last_error(DWORD e);
DWORD wsa_error_from_errno(int err);         // for calls that fail at once
DWORD completion_error_from_errno(int err);  // for failed completions (GQCS's error)
DWORD wsa_error_from_completion(DWORD err);  // WSAGetOverlappedResult's mapping

// Fault injection for the platform's tests (iocp_test_hooks.h); each is one relaxed load
// when no test has set it.
// An engine's switch for side-by-side benchmarks: on unless the variable NAME starts with '0'
// (IOCPLAB_EPOLL_DEFER_RECV, IOCPLAB_URING_COOP, IOCPLAB_URING_POLL_FIRST). Read once per caller.
inline bool env_switch_on(const char* name) {
  const char* v = std::getenv(name);
  return !(v && v[0] == '0');
}

namespace test_hooks {
bool take_submit_failure(int* err);  // true: this io_uring_submit fails with -*err
bool take_cancel_failure();          // true: this cancel request finds no free entry
unsigned hidden_uring_features();    // IOCPLAB_URING_* bits the probe pretends are missing
}  // namespace test_hooks

// Engines, created on first use.
Engine* make_epoll_engine();
Engine* make_uring_engine(const char** why_not);

}  // namespace iocplab::platform
