// acceptor.h — keeps several AcceptEx calls outstanding on one listening socket.
// Every op is re-posted after every completion, success or failure. A re-post that fails
// (no socket, AcceptEx refused) is logged and retried with backoff: a small timer thread
// posts an AcceptRetry completion when the delay is over, and a worker re-posts. So a
// failure never silently stops accepting.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "completion_port.h"
#include "overlapped_op.h"

namespace iocplab::net {

class Acceptor {
 public:
  // Completions of the listening socket carry this key.
  static constexpr ULONG_PTR kAcceptKey = ~ULONG_PTR(0) - 1;
  // Makes the socket AcceptEx accepts into; INVALID_SOCKET on failure (WSAGetLastError).
  using SocketFactory = std::function<SOCKET()>;
  // Gets each accepted socket (already SO_UPDATE_ACCEPT_CONTEXT'd) and owns it from then on.
  using OnAccept = std::function<void(SOCKET)>;

  // Borrows port and listen_socket (the caller closes the listening socket; see stop()).
  Acceptor(CompletionPort& port, SOCKET listen_socket, unsigned outstanding, OnAccept on_accept,
           SocketFactory make_socket = {});
  ~Acceptor();
  Acceptor(const Acceptor&) = delete;
  Acceptor& operator=(const Acceptor&) = delete;

  // Associates the listening socket, loads AcceptEx with WSAIoctl, posts every op.
  bool start(std::string* error);
  // Called by a worker for OpType::Accept and OpType::AcceptRetry completions.
  void on_completion(OverlappedOp* op, bool ok, DWORD error);
  // Stop re-posting. The caller then closes the listening socket, which completes the
  // outstanding AcceptEx calls; wait_idle() waits (bounded) until they all came back and
  // no accepted socket is still being handed on.
  void stop();
  bool wait_idle(std::chrono::milliseconds limit);

  uint64_t accepted() const { return accepted_.load(); }
  uint64_t failures() const { return failures_.load(); }  // failed completions + re-posts
  unsigned outstanding() const { return outstanding_.load(); }  // posted or waiting to retry

  static constexpr std::chrono::milliseconds kFirstBackoff{10}, kMaxBackoff{1000};

 private:
  struct AcceptOp : OverlappedOp {
    AcceptOp() : OverlappedOp(OpType::Accept) {}
    SOCKET socket = INVALID_SOCKET;
    char addresses[2 * (sizeof(sockaddr_storage) + 16)];
  };
  bool post(AcceptOp& op);  // false: failed, op not posted (logged)
  void post_or_retry(AcceptOp& op);
  void schedule_retry(AcceptOp& op);
  void retry_thread();
  void op_done();  // an op leaves the outstanding set for good

  CompletionPort& port_;
  SOCKET listen_;
  OnAccept on_accept_;
  SocketFactory make_socket_;
  LPFN_ACCEPTEX accept_ex_ = nullptr;
  std::vector<std::unique_ptr<AcceptOp>> ops_;

  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> accepted_{0}, failures_{0};
  std::atomic<unsigned> outstanding_{0};
  std::atomic<unsigned> handing_{0};  // accepted sockets being handed to on_accept

  std::mutex mu_;  // guards the retry list, backoff_ and the idle wait
  std::condition_variable cv_;
  struct Retry { AcceptOp* op; std::chrono::steady_clock::time_point due; };
  std::vector<Retry> retries_;
  std::chrono::milliseconds backoff_ = kFirstBackoff;
  bool quit_thread_ = false;
  std::thread timer_;
};

}  // namespace iocplab::net
