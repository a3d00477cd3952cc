#include "server.h"

#include <algorithm>
#include <cstring>
#include <span>
#include <string>

#include "log.h"
#include "socket_options.h"

namespace iocplab::net {
namespace {

constexpr size_t kMaxOverflow = 256;  // refused connections drained at once; beyond: cut
constexpr std::chrono::milliseconds kOverflowLinger{2000};
constexpr std::chrono::milliseconds kTimerPeriod{100};
// SC_LOGIN_FAIL(3), encoded once: size 4, type 12, reason 3 (server full).
constexpr uint8_t kServerFullFrame[4] = {4, 0, 12, 3};

uint64_t count_frames(std::span<const uint8_t> v) {
  uint64_t n = 0;
  size_t pos = 0;
  while (v.size() - pos >= 2) {
    size_t size = size_t(v[pos]) | size_t(v[pos + 1]) << 8;
    if (size < 3 || size > v.size() - pos) break;
    pos += size;
    ++n;
  }
  return n;
}

}  // namespace

// A connection over --max-sessions: told SC_LOGIN_FAIL(3), then read until its end of
// stream (so closing does not reset it before it read the frame), bounded in time.
struct Server::OverflowOp : OverlappedOp {
  OverflowOp() : OverlappedOp(OpType::Overflow) {}
  SOCKET socket = INVALID_SOCKET;  // guarded by overflow_mu_
  char data[256];
  WSABUF buf{};
  DWORD flags = 0;
  std::chrono::steady_clock::time_point deadline;
};

Server::Server(ServerConfig config)
    : cfg_(std::move(config)),
      table_(cfg_.max_sessions, std::clamp<size_t>(cfg_.recv_buffer, 64, 65535)),
      workers_(port_, [this](const Completion& c) { return on_completion(c); }),
      per_address_(cfg_.max_per_address),
      step_(cfg_.step, [this](const Completion& c, uint32_t seq) { replay_step(c, seq); }) {
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);
}

Server::~Server() {
  stop();
  WSACleanup();
}

bool Server::start(SessionHandler* handler, std::string* error) {
  if (started_) {
    if (error) *error = "already started";
    return false;
  }
  handler_ = handler;
  started_at_ = std::chrono::steady_clock::now();
  workers_.start(std::max(cfg_.workers, 1u));  // every worker waits before the first accept
  timer_ = std::thread([this] { timer_loop(); });
  started_ = true;
  if (!listener_.open(cfg_.address, cfg_.port, error)) return false;
  acceptor_ = std::make_unique<Acceptor>(
      port_, listener_.get(), cfg_.accepts_outstanding, [this](SOCKET s) { on_accept(s); },
      cfg_.accept_socket_factory);
  return acceptor_->start(error);
}

void Server::stop_accepting() {
  if (!acceptor_) return;
  acceptor_->stop();
  listener_.close();  // completes the outstanding AcceptEx calls
  if (!acceptor_->wait_idle(std::chrono::seconds(3)))
    log_line("stop: %u accept operations did not come back", acceptor_->outstanding());
}

void Server::stop() {
  if (!started_ || stopped_) return;
  stopped_ = true;
  if (step_.enabled()) step_.run();  // nothing stays held while the server stops
  stop_accepting();
  for (uint32_t i = 0; i < table_.capacity(); ++i) {
    Session* s = table_.at(i);
    if (!s || !s->in_use()) continue;
    std::lock_guard lock(s->mu);
    if (s->in_use() && s->state != Session::State::Free) begin_close_locked(*s, CloseReason::Shutdown, {}, false);
  }
  sweep_overflow(true);
  {
    std::unique_lock lock(drain_mu_);
    if (!drain_cv_.wait_for(lock, std::chrono::seconds(5),
                            [this] { return table_.in_use() == 0 && overflow_count_.load() == 0; }))
      log_line("stop: %u sessions, %u refused connections still draining", table_.in_use(),
               overflow_count_.load());
  }
  {
    std::lock_guard lock(timer_mu_);
    timer_quit_ = true;
  }
  timer_cv_.notify_all();
  if (timer_.joinable()) timer_.join();
  workers_.stop();
  drain_port();
  acceptor_.reset();
}

// Who a followed session's handler sent to (the flow view's fan-out), on the handler's thread.
struct FanoutTally {
  bool active = false;
  uint16_t recipients = 0, frames = 0;
  SessionId seen[64] = {};
  void add(SessionId id, uint64_t count) {
    frames = static_cast<uint16_t>(std::min<uint64_t>(frames + count, 65535));
    for (uint16_t i = 0; i < std::min<uint16_t>(recipients, 64); ++i) {
      if (seen[i] == id) return;
    }
    if (recipients < 64) seen[recipients] = id;
    if (recipients < 65535) ++recipients;
  }
  static FanoutTally& here() {
    thread_local FanoutTally t;
    return t;
  }
};

// A completion the step gate held, posted back to the port when the controller lets it go.
struct StepReleaseOp : OverlappedOp {
  StepReleaseOp(const Completion& c, uint32_t s) : OverlappedOp(OpType::StepRelease), held(c), seq(s) {}
  Completion held;
  uint32_t seq;
};

// Completions left after the workers stopped: free what they own.
void Server::drain_port() {
  for (;;) {
    Completion c = port_.wait(0);
    if (!c.ov) {
      if (c.ok) continue;  // a stray key-only post
      return;
    }
    auto* op = OverlappedOp::from(c.ov);
    if (op->type == OpType::Posted)
      delete static_cast<PostedOp*>(op);
    else if (op->type == OpType::Overflow)
      delete static_cast<OverflowOp*>(op);
    else if (op->type == OpType::StepRelease)
      delete static_cast<StepReleaseOp*>(op);
  }
}

// ---------------------------------------------------------------- completions

void Server::replay_step(const Completion& c, uint32_t seq) {
  auto* op = new StepReleaseOp(c, seq);
  if (!port_.post(kPostKey, &op->ov)) {
    log_line("step: PostQueuedCompletionStatus failed (error %u)", static_cast<unsigned>(GetLastError()));
    delete op;
  }
}

StepWaiting Server::describe(const Completion& c) const {
  StepWaiting w;
  w.worker = static_cast<uint8_t>(WorkerPool::worker_index());
  w.ok = c.ok;
  w.key = c.key;
  w.bytes = c.bytes;
  switch (OverlappedOp::from(c.ov)->type) {
    case OpType::Accept:
    case OpType::AcceptRetry: w.op = StepOp::Accept; break;
    case OpType::Recv:
    case OpType::Overflow: w.op = StepOp::Recv; break;
    case OpType::Send: w.op = StepOp::Send; break;
    case OpType::Posted: w.op = StepOp::Posted; break;
    default: w.op = StepOp::Other; break;
  }
  if (c.key < table_.capacity()) {
    const Session* s = table_.at(static_cast<uint32_t>(c.key));
    if (s && s->in_use()) w.session = SessionTable::make_id(s->slot(), OverlappedOp::from(c.ov)->generation);
  }
  return w;
}

Handled Server::on_completion(const Completion& c) {
  if (!c.ov) return Handled::Other;
  if (step_.enabled()) {  // the teaching step mode (--step): the gate may hold it
    OverlappedOp* op = OverlappedOp::from(c.ov);
    if (op->type == OpType::StepRelease) {
      std::unique_ptr<StepReleaseOp> released(static_cast<StepReleaseOp*>(op));
      step_.begin_released();
      Handled h = dispatch(released->held);
      step_.end_released(released->seq);
      return h;
    }
    if (!step_.admit(c, describe(c))) return Handled::Other;
  }
  return dispatch(c);
}

Handled Server::dispatch(const Completion& c) {
  OverlappedOp* op = OverlappedOp::from(c.ov);
  switch (op->type) {
    case OpType::Accept:
    case OpType::AcceptRetry:
      acceptor_->on_completion(op, c.ok, c.error);
      return Handled::Accept;
    case OpType::Posted: {
      std::unique_ptr<PostedOp> posted(static_cast<PostedOp*>(op));
      posted->fn();
      return Handled::Posted;
    }
    case OpType::Overflow:
      on_overflow(static_cast<OverflowOp*>(op), c);
      return Handled::Recv;
    default:
      break;
  }
  // A session's operation: the key is its slot; the op names the generation it was for.
  Session* s = c.key < table_.capacity() ? table_.at(static_cast<uint32_t>(c.key)) : nullptr;
  if (!s || !s->in_use() || s->generation() != op->generation) {
    stale_drops_.fetch_add(1);  // never touch an op that is not the current occupant's
    return Handled::Other;
  }
  switch (op->type) {
    case OpType::Recv: on_recv(*s, c); return Handled::Recv;
    case OpType::Send: on_send(*s, c); return Handled::Send;
    case OpType::CloseNotify: on_close_notice(*s); return Handled::Posted;
    default: return Handled::Other;
  }
}

void Server::on_accept(SOCKET sock) {
  std::string peer = peer_address_key(sock);
  if (!per_address_.try_add(peer)) return refuse_full(sock, "per-address cap");
  Session* s = table_.acquire();
  if (!s) {
    per_address_.remove(peer);
    return refuse_full(sock, "server full");
  }
  if (!configure_session_socket(sock, cfg_.keepalive_s))
    log_line("accept: cannot switch keepalive on (error %d)", WSAGetLastError());
  const SessionId id = s->id();
  {
    std::lock_guard lock(s->mu);
    s->state = Session::State::Open;
    s->socket = sock;
    s->peer = std::move(peer);
    s->close_started = false;
    s->corked = false;
    s->closing.store(false);
    s->refs = 1;
    s->queue.clear();
    s->queue.set_limit(cfg_.send_limit);
    s->assembler.reset();
    s->recv_count = 0;
    if (!port_.associate(sock, s->slot())) {  // the handler never heard of it: no on_close
      log_line("accept: cannot associate a socket with the port (error %u)",
               static_cast<unsigned>(GetLastError()));
      closesocket(sock);
      s->socket = INVALID_SOCKET;
      per_address_.remove(s->peer);
      s->refs = 0;
      s->state = Session::State::Free;
      table_.release(*s);
      return;
    }
    sessions_.fetch_add(1);
  }
  s->recording.store(false);
  s->flow.store(false);
  {
    std::lock_guard rec(s->rec_mu);
    s->chunks.clear();
    s->chunks_dropped = 0;
    s->flow_events.clear();
    s->flow_dropped = 0;
  }
  {
    std::lock_guard handler(s->handler_mu);
    handler_->on_open(id);
  }
  std::lock_guard lock(s->mu);
  if (s->socket != INVALID_SOCKET) post_recv_locked(*s);  // also when closing: see the peer's end
}

void Server::on_recv(Session& s, const Completion& c) {
  {
    std::lock_guard lock(s.mu);
    if (!c.ok || c.bytes == 0) {
      if (!c.ok)
        begin_close_locked(s, CloseReason::Reset, "recv error " + std::to_string(c.error), false);
      else
        begin_close_locked(s, CloseReason::PeerClosed, {}, false);
      return unref_locked(s);
    }
    bytes_in_.fetch_add(c.bytes);
    if (s.state != Session::State::Open) {  // closing: what arrives now is ignored
      if (s.socket != INVALID_SOCKET) post_recv_locked(s);
      return unref_locked(s);
    }
    s.corked = true;
  }

  // One recv outstanding: only this thread touches the assembler and the buffer now.
  const SessionId id = SessionTable::make_id(s.slot(), s.recv_op.generation);
  const bool recording = s.recording.load();
  RecvChunk chunk;
  bool violation = false;
  {
    std::lock_guard handler(s.handler_mu);
    chunk.recv_index = ++s.recv_count;
    chunk.chunk_len = static_cast<uint16_t>(c.bytes);
    chunk.carry_in = static_cast<uint16_t>(s.assembler.buffered());
    size_t end = 0;
    const bool flow = s.flow.load(std::memory_order_relaxed);
    uint16_t cut = 0;
    if (flow) note_flow(s, FlowKind::Recv, static_cast<uint16_t>(c.bytes), chunk.carry_in);
    auto status = s.assembler.feed(
        std::span<const uint8_t>(s.recv_buf.data(), c.bytes), [&](std::span<const uint8_t> frame) {
          if (recording) {
            end = chunk.frame_end.empty() ? frame.size() - chunk.carry_in : end + frame.size();
            chunk.frame_end.push_back(static_cast<uint16_t>(end));
          }
          if (s.closing.load()) return;  // closed by the handler: the rest is ignored
          packets_in_.fetch_add(1);
          if (step_.enabled()) ++StepTally::here().frames_cut;
          if (!flow) return handler_->on_frame(id, frame);
          ++cut;
          FanoutTally& fan = FanoutTally::here();
          fan = FanoutTally{true};
          auto t0 = std::chrono::steady_clock::now();
          handler_->on_frame(id, frame);
          auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
          fan.active = false;
          note_flow(s, FlowKind::Handled, frame[2], static_cast<uint16_t>(frame.size()),
                    static_cast<uint32_t>(us.count()));
          if (fan.recipients > 0) note_flow(s, FlowKind::Fanout, fan.recipients, fan.frames);
        });
    if (flow) note_flow(s, FlowKind::Cut, cut, static_cast<uint16_t>(s.assembler.buffered()));
    violation = status != proto::PacketAssembler::Status::Ok;
  }
  if (recording) {
    std::lock_guard rec(s.rec_mu);
    if (s.chunks.size() == Session::kMaxChunks) {
      s.chunks.pop_front();
      ++s.chunks_dropped;
    }
    s.chunks.push_back(std::move(chunk));
  }

  std::lock_guard lock(s.mu);
  s.corked = false;
  if (violation) {
    begin_close_locked(s, CloseReason::Violation, "frame size outside 3..1024", false);
  } else if (s.socket != INVALID_SOCKET) {
    if (!s.queue.in_flight() && !s.queue.idle()) start_send_locked(s);  // the chunk's replies, at once
    if (s.socket != INVALID_SOCKET) post_recv_locked(s);
  }
  unref_locked(s);
}

void Server::on_send(Session& s, const Completion& c) {
  // The bytes reached the kernel even if the session closed before this completion was
  // dequeued (its peer's recv-0 completion may be handled first, on any engine).
  if (c.ok) bytes_out_.fetch_add(c.bytes);
  if (s.flow.load(std::memory_order_relaxed)) note_flow(s, FlowKind::SendDone, c.ok ? 1 : 0, 0, c.bytes);
  std::lock_guard lock(s.mu);
  if (s.socket == INVALID_SOCKET) {  // closed meanwhile: the kernel is done with the buffers now
    s.queue.clear();
    return unref_locked(s);
  }
  if (!c.ok) {
    s.queue.complete(0);  // this send is over: its buffers may go with the rest
    begin_close_locked(s, CloseReason::Reset, "send error " + std::to_string(c.error), false);
    return unref_locked(s);
  }
  s.queue.complete(c.bytes);
  if (!s.queue.idle())
    start_send_locked(s);
  else
    half_close_if_drained_locked(s);
  unref_locked(s);
}

void Server::on_close_notice(Session& s) {
  SessionId id;
  CloseReason why;
  {
    std::lock_guard lock(s.mu);
    id = SessionTable::make_id(s.slot(), s.notify_op.generation);
    why = s.reason;
  }
  {
    std::lock_guard handler(s.handler_mu);  // after on_open and any on_frame in progress
    handler_->on_close(id, why);
  }
  std::lock_guard lock(s.mu);
  unref_locked(s);
}

// ---------------------------------------------------------------- under the session lock

void Server::post_recv_locked(Session& s) {
  s.recv_op.clear_overlapped();
  s.recv_op.generation = s.generation();
  s.recv_op.buf.buf = reinterpret_cast<CHAR*>(s.recv_buf.data());
  s.recv_op.buf.len = static_cast<ULONG>(s.recv_buf.size());
  s.recv_op.flags = 0;
  ++s.refs;
  DWORD received = 0;
  if (WSARecv(s.socket, &s.recv_op.buf, 1, &received, &s.recv_op.flags, &s.recv_op.ov, nullptr) ==
      SOCKET_ERROR) {
    int err = WSAGetLastError();
    if (err != WSA_IO_PENDING) {
      --s.refs;
      begin_close_locked(s, CloseReason::Reset, "WSARecv failed " + std::to_string(err), false);
    }
  }
}

void Server::start_send_locked(Session& s) {
  size_t bytes = 0;
  size_t n = s.queue.gather(s.send_op.bufs.data(), SendOp::kMaxGather, &bytes);
  if (n == 0) return;
  s.send_op.clear_overlapped();
  s.send_op.generation = s.generation();
  s.send_op.count = static_cast<DWORD>(n);
  if (s.flow.load(std::memory_order_relaxed)) {
    uint64_t frames = 0;
    for (size_t i = 0; i < n; ++i) {
      const auto* p = reinterpret_cast<const uint8_t*>(s.send_op.bufs[i].buf);
      frames += count_frames(std::span<const uint8_t>(p, s.send_op.bufs[i].len));
    }
    note_flow(s, FlowKind::Send, static_cast<uint16_t>(std::min<uint64_t>(frames, 65535)), static_cast<uint16_t>(n),
              static_cast<uint32_t>(bytes));
  }
  ++s.refs;
  if (WSASend(s.socket, s.send_op.bufs.data(), s.send_op.count, nullptr, 0, &s.send_op.ov, nullptr) ==
      SOCKET_ERROR) {
    int err = WSAGetLastError();
    if (err != WSA_IO_PENDING) {
      --s.refs;
      begin_close_locked(s, CloseReason::Reset, "WSASend failed " + std::to_string(err), false);
    }
  }
}

void Server::begin_close_locked(Session& s, CloseReason why, std::string_view detail, bool graceful) {
  if (s.state == Session::State::Free) return;
  if (!s.close_started) {
    s.close_started = true;
    s.closing.store(true);
    s.reason = why;
    closes_[static_cast<size_t>(why)].fetch_add(1);
    if (step_.enabled()) ++StepTally::here().closes;
    log_line("session %u closed: %s%s%.*s%s", s.id(), to_string(why), detail.empty() ? "" : " (",
             static_cast<int>(detail.size()), detail.data(), detail.empty() ? "" : ")");
    s.deadline = std::chrono::steady_clock::now() + cfg_.linger;
    s.notify_op.clear_overlapped();
    s.notify_op.generation = s.generation();
    ++s.refs;
    if (!port_.post(s.slot(), &s.notify_op.ov)) {
      --s.refs;
      log_line("session %u: cannot post its close notice (error %u)", s.id(),
               static_cast<unsigned>(GetLastError()));
    }
  }
  if (!graceful) return hard_close_locked(s);
  if (s.state == Session::State::Open) {
    s.state = Session::State::Draining;
    lingering_.fetch_add(1);
    half_close_if_drained_locked(s);
  }
}

void Server::half_close_if_drained_locked(Session& s) {
  if (s.state != Session::State::Draining || !s.queue.idle()) return;
  shutdown(s.socket, SD_SEND);  // the peer reads everything queued, then end of stream
  s.state = Session::State::HalfClosed;
}

void Server::hard_close_locked(Session& s) {
  if (s.socket == INVALID_SOCKET) return;
  // Pending recv/send complete with an error, each holding a ref. closesocket alone cancels
  // them on Windows; Wine 8 may leave a send pending for ever without the CancelIoEx
  // (conformance Abort.*WithSendsPending*).
  CancelIoEx(reinterpret_cast<HANDLE>(s.socket), nullptr);
  closesocket(s.socket);
  s.socket = INVALID_SOCKET;
  if (s.state == Session::State::Draining || s.state == Session::State::HalfClosed) lingering_.fetch_sub(1);
  s.state = Session::State::Closed;
  per_address_.remove(s.peer);
  // A slow reader's memory goes now, except the buffers of a WSASend in flight: they live
  // until on_send dequeues its completion (or the slot is freed).
  s.queue.drop_queued();
  sessions_.fetch_sub(1);
  unref_locked(s);
}

void Server::unref_locked(Session& s) {
  if (--s.refs > 0) return;
  s.queue.clear();  // no operation is pending any more
  s.state = Session::State::Free;
  table_.release(s);
  std::lock_guard lock(drain_mu_);
  drain_cv_.notify_all();
}

// ---------------------------------------------------------------- SessionOutbox

void Server::send(SessionId id, Bytes frames) {
  if (!frames) return;
  const std::span<const uint8_t> view(*frames);
  queue_frames(id, view, [&](SendQueue& q) { return q.push(std::move(frames)); });
}

void Server::send_copy(SessionId id, std::span<const uint8_t> frames) {
  queue_frames(id, frames, [&](SendQueue& q) { return q.push_copy(frames); });
}

// What send and send_copy share: the stale check, the slow-reader cut, the counters and
// the send itself unless one is in flight or the session's recv chunk corks it.
template <typename Push>
void Server::queue_frames(SessionId id, std::span<const uint8_t> frames, Push push) {
  Session* s = table_.find(id);
  if (!s) {
    stale_drops_.fetch_add(1);
    return;
  }
  std::lock_guard lock(s->mu);
  if (!s->in_use() || s->generation() != SessionTable::generation_of(id)) {
    stale_drops_.fetch_add(1);
    return;
  }
  if (s->close_started) return;  // closing: nothing new goes out
  const size_t size = frames.size();
  const uint64_t count = count_frames(frames);
  if (!push(s->queue)) {
    std::string detail = "holding " + std::to_string(s->queue.held_bytes()) + " + " +
                         std::to_string(size) + " bytes, limit " + std::to_string(cfg_.send_limit);
    return begin_close_locked(*s, CloseReason::SlowReader, detail, false);
  }
  packets_out_.fetch_add(count);
  if (FanoutTally& fan = FanoutTally::here(); fan.active) fan.add(id, count);
  if (step_.enabled()) StepTally::here().frames_sent = static_cast<uint16_t>(StepTally::here().frames_sent + count);
  if (!s->queue.in_flight() && !s->corked) start_send_locked(*s);
}

void Server::close(SessionId id, CloseReason why, std::string_view detail) {
  Session* s = table_.find(id);
  if (!s) {
    stale_drops_.fetch_add(1);
    return;
  }
  std::lock_guard lock(s->mu);
  if (!s->in_use() || s->generation() != SessionTable::generation_of(id)) {
    stale_drops_.fetch_add(1);
    return;
  }
  begin_close_locked(*s, why, detail, why != CloseReason::SlowReader && why != CloseReason::Reset);
}

void Server::post(std::function<void()> fn) {
  auto* op = new PostedOp(std::move(fn));
  if (!port_.post(kPostKey, &op->ov)) {
    log_line("post: PostQueuedCompletionStatus failed (error %u)", static_cast<unsigned>(GetLastError()));
    delete op;
  }
}

// ---------------------------------------------------------------- over --max-sessions

void Server::refuse_full(SOCKET sock, const char* why) {
  closes_[static_cast<size_t>(CloseReason::ServerFull)].fetch_add(1);
  log_line("connection refused: %s (%u sessions, %u per address)", why, table_.capacity(),
           cfg_.max_per_address);
  ::send(sock, reinterpret_cast<const char*>(kServerFullFrame), static_cast<int>(sizeof kServerFullFrame), 0);
  shutdown(sock, SD_SEND);
  std::lock_guard lock(overflow_mu_);
  if (overflow_.size() >= kMaxOverflow || !port_.associate(sock, kOverflowKey)) {
    closesocket(sock);
    return;
  }
  auto* op = new OverflowOp;
  op->socket = sock;
  op->deadline = std::chrono::steady_clock::now() + kOverflowLinger;
  op->buf.buf = op->data;
  op->buf.len = sizeof op->data;
  overflow_.insert(op);
  overflow_count_.fetch_add(1);
  DWORD got = 0;
  if (WSARecv(sock, &op->buf, 1, &got, &op->flags, &op->ov, nullptr) == SOCKET_ERROR &&
      WSAGetLastError() != WSA_IO_PENDING) {
    closesocket(sock);
    overflow_.erase(op);
    overflow_count_.fetch_sub(1);
    delete op;
  }
}

void Server::on_overflow(OverflowOp* op, const Completion& c) {
  std::lock_guard lock(overflow_mu_);
  if (c.ok && c.bytes > 0 && op->socket != INVALID_SOCKET) {  // discard, read on
    op->clear_overlapped();
    op->flags = 0;
    DWORD got = 0;
    if (WSARecv(op->socket, &op->buf, 1, &got, &op->flags, &op->ov, nullptr) != SOCKET_ERROR ||
        WSAGetLastError() == WSA_IO_PENDING)
      return;
  }
  if (op->socket != INVALID_SOCKET) closesocket(op->socket);
  overflow_.erase(op);
  delete op;
  if (overflow_count_.fetch_sub(1) == 1) {
    std::lock_guard drain(drain_mu_);
    drain_cv_.notify_all();
  }
}

// Closes refused connections past their deadline (all of them when stopping); their
// pending recv then completes and on_overflow frees them.
void Server::sweep_overflow(bool all) {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(overflow_mu_);
  for (OverflowOp* op : overflow_) {
    if (op->socket != INVALID_SOCKET && (all || now >= op->deadline)) {
      closesocket(op->socket);
      op->socket = INVALID_SOCKET;
    }
  }
}

// ---------------------------------------------------------------- timer

void Server::timer_loop() {
  std::unique_lock lock(timer_mu_);
  while (!timer_quit_) {
    timer_cv_.wait_for(lock, kTimerPeriod);
    if (timer_quit_) break;
    lock.unlock();
    sweep_closing();
    sweep_overflow(false);
    lock.lock();
  }
}

// A graceful close that did not finish in time (the peer neither read nor closed) is
// finished hard.
void Server::sweep_closing() {
  if (lingering_.load() == 0) return;  // the common case: no graceful close in progress
  auto now = std::chrono::steady_clock::now();
  for (uint32_t i = 0; i < table_.capacity(); ++i) {
    Session* s = table_.at(i);
    if (!s || !s->closing.load(std::memory_order_relaxed)) continue;
    std::lock_guard lock(s->mu);
    if ((s->state == Session::State::Draining || s->state == Session::State::HalfClosed) &&
        now >= s->deadline) {
      log_line("session %u: graceful close timed out, closing", s->id());
      hard_close_locked(*s);
    }
  }
}

// ---------------------------------------------------------------- telemetry

TotalsStats Server::totals() const {
  TotalsStats t;
  auto up = std::chrono::steady_clock::now() - started_at_;
  t.uptime_ms = static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::milliseconds>(up).count());
  t.sessions = sessions_.load();
  t.slots_in_use = table_.in_use();
  t.max_sessions = table_.capacity();
  t.packets_in = packets_in_.load();
  t.packets_out = packets_out_.load();
  t.bytes_in = bytes_in_.load();
  t.bytes_out = bytes_out_.load();
  t.stale_drops = stale_drops_.load();
  t.violations = closes(CloseReason::Violation);
  t.slow_readers = closes(CloseReason::SlowReader);
  t.login_timeouts = closes(CloseReason::LoginTimeout);
  return t;
}

std::vector<ThreadStats> Server::threads() const { return workers_.stats(); }

void Server::set_recv_recording(SessionId id, bool on) {
  Session* s = table_.find(id);
  if (!s) return;
  s->recording.store(on);
  if (!on) {
    std::lock_guard rec(s->rec_mu);
    s->chunks.clear();
    s->chunks_dropped = 0;
  }
}

void Server::note_flow(Session& s, FlowKind kind, uint16_t a, uint16_t b, uint32_t c) {
  FlowEvent e;
  auto up = std::chrono::steady_clock::now() - started_at_;
  e.t_us = static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(up).count());
  e.kind = kind;
  e.worker = static_cast<uint8_t>(WorkerPool::worker_index());
  e.a = a;
  e.b = b;
  e.c = c;
  std::lock_guard rec(s.rec_mu);
  if (s.flow_events.size() == Session::kMaxFlow) {
    s.flow_events.pop_front();
    ++s.flow_dropped;
  }
  s.flow_events.push_back(e);
}

void Server::set_flow_recording(SessionId id, bool on) {
  Session* s = table_.find(id);
  if (!s) return;
  s->flow.store(on);
  std::lock_guard rec(s->rec_mu);
  s->flow_events.clear();
  s->flow_dropped = 0;
}

std::vector<FlowEvent> Server::take_flow(SessionId id, uint32_t* dropped) {
  std::vector<FlowEvent> out;
  if (dropped) *dropped = 0;
  Session* s = table_.find(id);
  if (!s) return out;
  std::lock_guard rec(s->rec_mu);
  out.assign(s->flow_events.begin(), s->flow_events.end());
  s->flow_events.clear();
  if (dropped) *dropped = s->flow_dropped;
  s->flow_dropped = 0;
  return out;
}

std::vector<RecvChunk> Server::take_recv_chunks(SessionId id, uint32_t* dropped) {
  std::vector<RecvChunk> out;
  if (dropped) *dropped = 0;
  Session* s = table_.find(id);
  if (!s) return out;
  std::lock_guard rec(s->rec_mu);
  out.assign(std::make_move_iterator(s->chunks.begin()), std::make_move_iterator(s->chunks.end()));
  s->chunks.clear();
  if (dropped) *dropped = s->chunks_dropped;
  s->chunks_dropped = 0;
  return out;
}

}  // namespace iocplab::net
