// server.h — the network framework assembled: a completion port, the worker threads, the
// acceptor, the session table and the close path. Knows nothing about the game: it
// delivers whole frames to one SessionHandler and takes frames to send through
// SessionOutbox. Start order: workers first, then the listening socket and the acceptor.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>

#include "acceptor.h"
#include "completion_port.h"
#include "listen_socket.h"
#include "peer_address.h"
#include "session_sink.h"
#include "session_table.h"
#include "step_gate.h"
#include "telemetry_source.h"
#include "worker_pool.h"

namespace iocplab::net {

struct ServerConfig {
  std::string address = "0.0.0.0";  // listening address (tests use 127.0.0.1)
  uint16_t port = 0;                // 0: a free port, see Server::port()
  unsigned workers = 2;
  uint32_t max_sessions = 10000;
  size_t send_limit = 1u << 20;     // bytes held per session before it is a slow reader
  unsigned accepts_outstanding = 16;
  size_t recv_buffer = 4096;
  std::chrono::milliseconds linger{2000};  // a graceful close waits at most this long
  Acceptor::SocketFactory accept_socket_factory;  // empty: a plain overlapped TCP socket
  // PROTOCOL.md v1.1
  uint32_t max_per_address = 0;     // sessions at once per peer IP (0: no cap)
  uint32_t keepalive_s = 60;        // TCP keepalive idle seconds (0: off)
  bool step = false;                // teaching step mode (step_gate.h); off for people
};

class Server final : public SessionOutbox, public TelemetrySource {
 public:
  // Completions that are not a session's carry one of these keys (slots are below them).
  static constexpr ULONG_PTR kPostKey = ~ULONG_PTR(0) - 2;
  static constexpr ULONG_PTR kOverflowKey = ~ULONG_PTR(0) - 3;

  explicit Server(ServerConfig config);
  ~Server() override;  // stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // handler is borrowed and must outlive stop().
  bool start(SessionHandler* handler, std::string* error);
  uint16_t port() const { return listener_.port(); }
  // No new connections; sessions go on.
  void stop_accepting();
  // Stop accepting, close every session (Shutdown; on_close for each), wait for their last
  // completions (bounded), stop the workers. Idempotent.
  void stop();

  // SessionOutbox
  void send(SessionId id, Bytes frames) override;
  void send_copy(SessionId id, std::span<const uint8_t> frames) override;
  void close(SessionId id, CloseReason why, std::string_view detail = {}) override;
  void post(std::function<void()> fn) override;

  // TelemetrySource
  TotalsStats totals() const override;
  std::vector<ThreadStats> threads() const override;
  void set_recv_recording(SessionId id, bool on) override;
  std::vector<RecvChunk> take_recv_chunks(SessionId id, uint32_t* dropped) override;
  StepGate* step_gate() override { return step_.enabled() ? &step_ : nullptr; }
  void set_flow_recording(SessionId id, bool on) override;
  std::vector<FlowEvent> take_flow(SessionId id, uint32_t* dropped) override;

  // For tests and lessons: the port (e.g. to post a forged stale completion) and counters.
  CompletionPort& completion_port() { return port_; }
  const Acceptor* acceptor() const { return acceptor_.get(); }
  uint64_t closes(CloseReason r) const { return closes_[static_cast<size_t>(r)].load(); }

 private:
  struct OverflowOp;

  Handled on_completion(const Completion& c);
  Handled dispatch(const Completion& c);  // on_completion after the step gate
  StepWaiting describe(const Completion& c) const;
  void replay_step(const Completion& c, uint32_t seq);
  void on_accept(SOCKET s);
  void on_recv(Session& s, const Completion& c);
  void on_send(Session& s, const Completion& c);
  void on_close_notice(Session& s);
  template <typename Push>  // Push: bool(SendQueue&), queues the frames or refuses them
  void queue_frames(SessionId id, std::span<const uint8_t> frames, Push push);
  // A connection over --max-sessions or --max-per-address: SC_LOGIN_FAIL(3), then a
  // graceful close.
  void refuse_full(SOCKET s, const char* why);
  void on_overflow(OverflowOp* op, const Completion& c);
  void timer_loop();
  void sweep_closing();
  void sweep_overflow(bool all);
  void drain_port();

  // --- each under the session's mu ---
  void post_recv_locked(Session& s);
  void start_send_locked(Session& s);
  // The one close path: starts the close once (reason counted and logged, on_close
  // posted), then closes gracefully (drain the queue, shutdown(SD_SEND), wait for the
  // peer's end of stream, bounded by linger) or at once. A later hard close escalates.
  void begin_close_locked(Session& s, CloseReason why, std::string_view detail, bool graceful);
  void half_close_if_drained_locked(Session& s);
  void hard_close_locked(Session& s);
  void unref_locked(Session& s);  // the last reference frees the slot
  void note_flow(Session& s, FlowKind kind, uint16_t a, uint16_t b = 0, uint32_t c = 0);  // takes rec_mu

  ServerConfig cfg_;
  CompletionPort port_;
  SessionTable table_;
  WorkerPool workers_;
  ListenSocket listener_;
  std::unique_ptr<Acceptor> acceptor_;
  SessionHandler* handler_ = nullptr;
  std::chrono::steady_clock::time_point started_at_;
  bool started_ = false, stopped_ = false;

  std::mutex drain_mu_;  // signals "a slot was freed" (or a refused connection) to stop()
  std::condition_variable drain_cv_;

  AddressCounter per_address_;  // sessions with an open socket, per peer IP

  std::mutex overflow_mu_;  // connections refused as "server full", draining until closed
  std::unordered_set<OverflowOp*> overflow_;
  std::atomic<uint32_t> overflow_count_{0};

  std::mutex timer_mu_;
  std::condition_variable timer_cv_;
  bool timer_quit_ = false;
  std::thread timer_;

  StepGate step_;  // --step only; otherwise admits everything with one branch

  std::atomic<uint32_t> sessions_{0};
  std::atomic<uint32_t> lingering_{0};  // sessions in Draining or HalfClosed
  std::atomic<uint64_t> packets_in_{0}, packets_out_{0}, bytes_in_{0}, bytes_out_{0};
  std::atomic<uint64_t> stale_drops_{0};
  std::atomic<uint64_t> closes_[static_cast<size_t>(CloseReason::Shutdown) + 1]{};
};

}  // namespace iocplab::net
