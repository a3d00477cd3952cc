// iocp_echo_server — the ping-pong echo written on the IOCP API (iocp.h) the way the
// framework uses it: AcceptEx kept posted, one WSARecv per connection, a WSASend of what
// arrived, worker threads blocked in GetQueuedCompletionStatus. On Linux the engine is
// IOCPLAB_ENGINE=epoll|uring or --engine.

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "flags.h"
#include "iocp.h"
#include "iocp_acceptor.h"
#include "iocp_op.h"
#include "run_until_signal.h"

namespace iocplab::bench {
namespace {

constexpr ULONG_PTR kListenKey = 0;
constexpr ULONG_PTR kQuitKey = 1;  // posted by stop(), with no OVERLAPPED

// One connection: at most one operation in flight (recv, then the send of what arrived),
// so the worker that completes it is the only one touching it and may free it.
struct Connection {
  SOCKET socket;
  IoOp recv_op{OpKind::Recv, this};
  IoOp send_op{OpKind::Send, this};
  std::unique_ptr<char[]> buffer;
  ULONG buffer_size;

  Connection(SOCKET s, ULONG size) : socket(s), buffer(new char[size]), buffer_size(size) {}
};

class EchoServer {
 public:
  EchoServer(unsigned threads, ULONG buffer_size, ULONG batch)
      : threads_(threads), buffer_size_(buffer_size), batch_(batch < 1 ? 1 : batch) {}

  bool start(unsigned short port, std::string* error) {
    port_ = CreateIoCompletionPort(INVALID_HANDLE_VALUE, nullptr, 0, 0);
    if (!port_) {
      *error = "CreateIoCompletionPort failed: " + std::to_string(GetLastError());
      return false;
    }
    if (!acceptor_.open(port_, kListenKey, port, error) || !acceptor_.start(16, error)) return false;
    for (unsigned i = 0; i < threads_; ++i) workers_.emplace_back([this] { work(); });
    return true;
  }
  unsigned short port() const { return acceptor_.port(); }

  // The Windows order: one quit packet per worker, join them, and only then close the
  // listener and the port, so no thread ever waits on a closed handle.
  void stop() {
    for (size_t i = 0; i < workers_.size(); ++i) PostQueuedCompletionStatus(port_, 0, kQuitKey, nullptr);
    for (auto& t : workers_) t.join();
    acceptor_.close();
    CloseHandle(port_);
  }

  // Closing the port under waiting workers (they should see ERROR_ABANDONED_WAIT_0 and
  // leave). Kept to reproduce README "Known problems" 1.
  void stop_by_closing_port() {
    acceptor_.close();
    CloseHandle(port_);
    for (auto& t : workers_) t.join();
  }

 private:
  // batch 1: GetQueuedCompletionStatus, one completion per call (as server/net does);
  // batch > 1: GetQueuedCompletionStatusEx, up to `batch` completions per call.
  void work() {
    if (batch_ > 1) return work_batched();
    for (;;) {
      DWORD bytes = 0;
      ULONG_PTR key = 0;
      LPOVERLAPPED ov = nullptr;
      BOOL ok = GetQueuedCompletionStatus(port_, &bytes, &key, &ov, INFINITE);
      if (!ov) return;  // a quit packet, or the port was closed
      dispatch(IoOp::from(ov), ok, bytes);
    }
  }

  void work_batched() {
    std::vector<OVERLAPPED_ENTRY> entries(batch_);
    for (;;) {
      ULONG got = 0;
      if (!GetQueuedCompletionStatusEx(port_, entries.data(), batch_, &got, INFINITE, FALSE)) return;
      ULONG quits = 0;  // stop() posts one per worker; a batch may hold several
      for (ULONG i = 0; i < got; ++i) {
        LPOVERLAPPED ov = entries[i].lpOverlapped;
        if (!ov) {
          ++quits;
          continue;
        }
        // The status of each entry is in its OVERLAPPED (Internal), as on Windows.
        dispatch(IoOp::from(ov), ov->Internal == 0, entries[i].dwNumberOfBytesTransferred);
      }
      if (quits) {  // keep one, hand the others back to the other workers
        for (ULONG i = 1; i < quits; ++i) PostQueuedCompletionStatus(port_, 0, kQuitKey, nullptr);
        return;
      }
    }
  }

  void dispatch(IoOp* op, BOOL ok, DWORD bytes) {
    switch (op->kind) {
      case OpKind::Accept: on_accept(*static_cast<IocpAcceptor::Slot*>(op->owner), ok); break;
      case OpKind::Recv: on_recv(*static_cast<Connection*>(op->owner), ok, bytes); break;
      case OpKind::Send: on_send(*static_cast<Connection*>(op->owner), ok); break;
    }
  }

  void on_accept(IocpAcceptor::Slot& slot, BOOL ok) {
    if (!ok) {
      acceptor_.retry(slot);
      return;
    }
    SOCKET s = acceptor_.take(slot);
    auto* c = new Connection(s, buffer_size_);
    if (CreateIoCompletionPort(reinterpret_cast<HANDLE>(s), port_, reinterpret_cast<ULONG_PTR>(c), 0) == nullptr) {
      close(c);
      return;
    }
    post_recv(c);
  }

  void post_recv(Connection* c) {
    WSABUF buf{c->buffer_size, c->buffer.get()};
    DWORD flags = 0;
    c->recv_op.reset();
    if (WSARecv(c->socket, &buf, 1, nullptr, &flags, &c->recv_op.ov, nullptr) == SOCKET_ERROR &&
        WSAGetLastError() != WSA_IO_PENDING)
      close(c);
  }

  void on_recv(Connection& c, BOOL ok, DWORD bytes) {
    if (!ok || bytes == 0) {
      close(&c);
      return;
    }
    WSABUF buf{bytes, c.buffer.get()};
    c.send_op.reset();
    if (WSASend(c.socket, &buf, 1, nullptr, 0, &c.send_op.ov, nullptr) == SOCKET_ERROR &&
        WSAGetLastError() != WSA_IO_PENDING)
      close(&c);
  }

  // A completed WSASend took every byte, so the next message can be received.
  void on_send(Connection& c, BOOL ok) {
    if (!ok) {
      close(&c);
      return;
    }
    post_recv(&c);
  }

  void close(Connection* c) {
    closesocket(c->socket);
    delete c;
  }

  unsigned threads_;
  ULONG buffer_size_;
  ULONG batch_;
  HANDLE port_ = nullptr;
  IocpAcceptor acceptor_;
  std::vector<std::thread> workers_;
};

}  // namespace
}  // namespace iocplab::bench

int main(int argc, char** argv) {
  using namespace iocplab::bench;
  Flags flags(argc, argv,
              "usage: iocplab-bench-iocp-echo [--port 0] [--threads 1] [--buffer 16384] [--engine epoll|uring]\n"
              "                               [--batch 1] [--stop 1]\n"
              "--batch N > 1 dequeues with GetQueuedCompletionStatusEx, up to N at a time.\n"
              "--stop: 1 quit packets, join, close (default); 0 exit at once; 2 close the port under\n"
              "waiting workers (see README.md, Known problems).\n"
              "Echo server on the IOCP API; prints 'listening on PORT', serves until SIGINT/SIGTERM.\n");
  flags.check_known({"--port", "--threads", "--buffer", "--engine", "--batch", "--stop"});
  block_stop_signals();
  std::string engine = flags.str("--engine", "");
  if (!engine.empty() && !iocplab_set_engine(engine.c_str())) {
    std::fprintf(stderr, "cannot use engine '%s': %s\n", engine.c_str(), iocplab_engine_error());
    return 1;
  }
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);
  EchoServer server(static_cast<unsigned>(flags.num("--threads", 1)), static_cast<ULONG>(flags.num("--buffer", 16384)),
                    static_cast<ULONG>(flags.num("--batch", 1)));
  std::string error;
  if (!server.start(static_cast<unsigned short>(flags.num("--port", 0)), &error)) {
    std::fprintf(stderr, "iocp echo: %s\n", error.c_str());
    return 1;
  }
  std::fprintf(stderr, "iocp echo: engine %s, %ld worker thread(s)\n", iocplab_engine_name(), flags.num("--threads", 1));
  announce_port(server.port());
  wait_for_stop_signal();
  switch (flags.num("--stop", 1)) {
    case 0:  // leave at once, no teardown
      std::fflush(stdout);
      std::_Exit(0);
    case 2:
      server.stop_by_closing_port();
      return 0;
    default:
      server.stop();
      return 0;
  }
}
