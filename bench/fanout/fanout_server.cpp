// fanout_server — the fan-out benchmark's server, on the IOCP API: once --conns clients
// are connected, every client gets K position updates of 16 bytes per tick, either as K
// WSASends of one update each (--mode single) or as one WSASend gathering K WSABUFs
// (--mode gathered). A client's next tick starts when its previous tick's sends have all
// completed (self-clocked, so the server never queues more than one tick per client).
// After --warmup s it measures --seconds s, prints one line and exits.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#if !defined(_WIN32)
#include <sys/resource.h>
#endif

#include "fd_limit.h"
#include "flags.h"
#include "iocp.h"
#include "iocp_acceptor.h"
#include "iocp_op.h"
#include "run_until_signal.h"

namespace iocplab::bench {
namespace {

constexpr ULONG_PTR kListenKey = 0;
constexpr ULONG_PTR kStartKey = 1;  // posted once every client is connected
constexpr DWORD kUpdateSize = 16;

struct PositionUpdate {  // what a game would send: who, which tick, where
  uint32_t entity, tick;
  int32_t x, y;
};
static_assert(sizeof(PositionUpdate) == kUpdateSize);

// One client. Its updates buffer is only rewritten when none of its sends is in flight.
struct Client {
  SOCKET socket = INVALID_SOCKET;
  uint32_t index = 0, tick = 0;
  std::vector<PositionUpdate> updates;
  std::vector<WSABUF> bufs;
  std::vector<IoOp> ops;  // one per update (single) or just ops[0] (gathered)
  std::atomic<uint32_t> in_flight{0};
  std::atomic<bool> dead{false};
};

struct Counters {
  std::atomic<uint64_t> updates{0}, bytes{0}, wsasends{0};
};

double cpu_seconds() {
#if defined(_WIN32)
  FILETIME created, exited, kernel, user;
  if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user)) return 0;
  auto ticks = [](const FILETIME& t) { return (uint64_t(t.dwHighDateTime) << 32) | t.dwLowDateTime; };
  return static_cast<double>(ticks(kernel) + ticks(user)) / 1e7;  // 100 ns units
#else
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
#endif
}

class FanoutServer {
 public:
  FanoutServer(unsigned conns, unsigned k, bool gathered, unsigned threads)
      : conns_(conns), k_(k), gathered_(gathered), threads_(threads) {}

  bool start(unsigned short port, std::string* error) {
    port_ = CreateIoCompletionPort(INVALID_HANDLE_VALUE, nullptr, 0, 0);
    if (!port_) {
      *error = "CreateIoCompletionPort failed";
      return false;
    }
    clients_.reserve(conns_);
    if (!acceptor_.open(port_, kListenKey, port, error) || !acceptor_.start(16, error)) return false;
    for (unsigned i = 0; i < threads_; ++i) workers_.emplace_back([this] { work(); });
    return true;
  }
  unsigned short port() const { return acceptor_.port(); }

  // Blocks until every client is connected (or timeout); then the ticks begin.
  bool wait_for_clients(std::chrono::seconds timeout) {
    std::unique_lock lock(mu_);
    if (!all_connected_.wait_for(lock, timeout, [&] { return clients_.size() == conns_; })) return false;
    lock.unlock();
    PostQueuedCompletionStatus(port_, 0, kStartKey, nullptr);
    return true;
  }

  const Counters& counters() const { return counters_; }
  uint64_t dead_clients() const {
    uint64_t n = 0;
    for (auto& c : clients_) n += c->dead;
    return n;
  }

 private:
  void work() {
    for (;;) {
      DWORD bytes = 0;
      ULONG_PTR key = 0;
      LPOVERLAPPED ov = nullptr;
      BOOL ok = GetQueuedCompletionStatus(port_, &bytes, &key, &ov, INFINITE);
      if (!ov) {
        if (ok && key == kStartKey) {
          for (auto& c : clients_) send_tick(*c);
          continue;
        }
        return;  // the port was closed
      }
      IoOp* op = IoOp::from(ov);
      if (op->kind == OpKind::Accept) {
        on_accept(*static_cast<IocpAcceptor::Slot*>(op->owner), ok);
      } else {
        on_sent(*static_cast<Client*>(op->owner), ok, bytes);
      }
    }
  }

  void on_accept(IocpAcceptor::Slot& slot, BOOL ok) {
    if (!ok) {
      acceptor_.retry(slot);
      return;
    }
    SOCKET s = acceptor_.take(slot);
    std::lock_guard lock(mu_);
    if (clients_.size() == conns_) {  // more than asked for
      closesocket(s);
      return;
    }
    auto c = std::make_unique<Client>();
    c->socket = s;
    c->index = static_cast<uint32_t>(clients_.size());
    c->updates.resize(k_);
    c->bufs.resize(k_);
    for (unsigned i = 0; i < k_; ++i) c->bufs[i] = WSABUF{kUpdateSize, reinterpret_cast<char*>(&c->updates[i])};
    for (unsigned i = 0; i < (gathered_ ? 1u : k_); ++i) c->ops.emplace_back(OpKind::Send, c.get());
    CreateIoCompletionPort(reinterpret_cast<HANDLE>(s), port_, reinterpret_cast<ULONG_PTR>(c.get()), 0);
    clients_.push_back(std::move(c));
    if (clients_.size() == conns_) all_connected_.notify_all();
  }

  void send_tick(Client& c) {
    if (c.dead) return;
    ++c.tick;
    for (unsigned i = 0; i < k_; ++i)
      c.updates[i] = PositionUpdate{c.index * k_ + i, c.tick, static_cast<int32_t>(c.tick + i), static_cast<int32_t>(i)};
    unsigned sends = gathered_ ? 1u : k_;
    c.in_flight.store(sends, std::memory_order_relaxed);
    for (unsigned i = 0; i < sends; ++i) {
      IoOp& op = c.ops[i];
      op.reset();
      counters_.wsasends.fetch_add(1, std::memory_order_relaxed);
      WSABUF* bufs = gathered_ ? c.bufs.data() : &c.bufs[i];
      if (WSASend(c.socket, bufs, gathered_ ? k_ : 1u, nullptr, 0, &op.ov, nullptr) == SOCKET_ERROR &&
          WSAGetLastError() != WSA_IO_PENDING) {
        c.dead = true;  // no completion will come for this one
        c.in_flight.fetch_sub(1, std::memory_order_relaxed);
      }
    }
  }

  void on_sent(Client& c, BOOL ok, DWORD bytes) {
    if (!ok) {
      c.dead = true;
    } else {
      counters_.bytes.fetch_add(bytes, std::memory_order_relaxed);
      counters_.updates.fetch_add(bytes / kUpdateSize, std::memory_order_relaxed);
    }
    if (c.in_flight.fetch_sub(1, std::memory_order_acq_rel) == 1) send_tick(c);
  }

  unsigned conns_, k_;
  bool gathered_;
  unsigned threads_;
  HANDLE port_ = nullptr;
  IocpAcceptor acceptor_;
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable all_connected_;
  std::vector<std::unique_ptr<Client>> clients_;  // reserved up front: never reallocates
  Counters counters_;
};

}  // namespace
}  // namespace iocplab::bench

int main(int argc, char** argv) {
  using namespace iocplab::bench;
  Flags flags(argc, argv,
              "usage: iocplab-bench-fanout-server [--port 0] [--conns 1000] [--k 10] [--mode single|gathered]\n"
              "                                   [--threads 1] [--warmup 1] [--seconds 3] [--engine epoll|uring]\n"
              "Prints 'listening on PORT', waits for --conns clients, fans out, then prints:\n"
              "  mode=M engine=E updates=N seconds=S updates_per_s=X cpu_s=C updates_per_cpu_s=Y wsasends=W bytes=B\n"
              "(counts over the measured window) and 'total_bytes=T' (whole run), and exits.\n");
  flags.check_known({"--port", "--conns", "--k", "--mode", "--threads", "--warmup", "--seconds", "--engine"});
  raise_fd_limit();
  std::string mode = flags.str("--mode", "gathered");
  if (mode != "single" && mode != "gathered") {
    std::fprintf(stderr, "--mode must be single or gathered\n");
    return 2;
  }
  std::string engine = flags.str("--engine", "");
  if (!engine.empty() && !iocplab_set_engine(engine.c_str())) {
    std::fprintf(stderr, "cannot use engine '%s': %s\n", engine.c_str(), iocplab_engine_error());
    return 1;
  }
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);
  long k = flags.num("--k", 10);
  if (k < 1 || k > 1024) {
    std::fprintf(stderr, "--k must be 1..1024\n");
    return 2;
  }
  FanoutServer server(static_cast<unsigned>(flags.num("--conns", 1000)), static_cast<unsigned>(k), mode == "gathered",
                      static_cast<unsigned>(flags.num("--threads", 1)));
  std::string error;
  if (!server.start(static_cast<unsigned short>(flags.num("--port", 0)), &error)) {
    std::fprintf(stderr, "fanout server: %s\n", error.c_str());
    return 1;
  }
  announce_port(server.port());
  if (!server.wait_for_clients(std::chrono::seconds(30))) {
    std::fprintf(stderr, "fanout server: not every client connected within 30 s\n");
    std::_Exit(1);  // workers are still blocked in GetQueuedCompletionStatus
  }
  auto sleep_s = [](double s) { std::this_thread::sleep_for(std::chrono::duration<double>(s)); };
  sleep_s(flags.real("--warmup", 1));
  const Counters& c = server.counters();
  uint64_t u0 = c.updates.load(), b0 = c.bytes.load(), w0 = c.wsasends.load();
  double cpu0 = cpu_seconds();
  auto t0 = std::chrono::steady_clock::now();
  sleep_s(flags.real("--seconds", 3));
  uint64_t u1 = c.updates.load(), b1 = c.bytes.load(), w1 = c.wsasends.load();
  double cpu1 = cpu_seconds();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double cpu = cpu1 - cpu0;
  std::printf("mode=%s engine=%s k=%ld updates=%llu seconds=%.2f updates_per_s=%.0f cpu_s=%.2f updates_per_cpu_s=%.0f "
              "wsasends=%llu bytes=%llu dead=%llu\ntotal_bytes=%llu\n",
              mode.c_str(), iocplab_engine_name(), k, static_cast<unsigned long long>(u1 - u0), secs,
              static_cast<double>(u1 - u0) / secs, cpu, cpu > 0 ? static_cast<double>(u1 - u0) / cpu : 0.0,
              static_cast<unsigned long long>(w1 - w0), static_cast<unsigned long long>(b1 - b0),
              static_cast<unsigned long long>(server.dead_clients()), static_cast<unsigned long long>(c.bytes.load()));
  std::fflush(stdout);
  std::_Exit(0);  // the kernel closes every socket; the clients see end of stream
}
