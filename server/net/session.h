// session.h — one connection's state in its SessionTable slot. The slot owns the Session
// for the table's whole life; an occupant (one generation) owns it from acquire to release.
// Locking: `mu` guards the socket, the state, the send queue and the reference count; every
// call that names the socket (WSARecv, WSASend, shutdown, closesocket) is made under it, so
// a socket handle is never used after it was closed. `handler_mu` serializes the calls into
// the SessionHandler for this session (on_open, on_frame..., on_close).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "overlapped_op.h"
#include "protocol/packet_assembler.h"
#include "send_queue.h"
#include "session_sink.h"
#include "telemetry_source.h"

namespace iocplab::net {

class Session {
 public:
  enum class State : uint8_t {
    Free,        // no occupant
    Open,        // receiving and sending
    Draining,    // graceful close asked: sending what is queued, ignoring what arrives
    HalfClosed,  // queue drained, shutdown(SD_SEND) done: waiting for the peer's end of stream
    Closed,      // socket closed: waiting for the last pending operation to complete
  };

  Session(uint32_t slot, size_t recv_buffer_size);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  uint32_t slot() const { return slot_; }
  uint32_t generation() const { return generation_.load(std::memory_order_acquire); }
  SessionId id() const;
  bool in_use() const { return in_use_.load(std::memory_order_acquire); }

  // --- guarded by mu ---
  std::mutex mu;
  State state = State::Free;
  SOCKET socket = INVALID_SOCKET;
  std::string peer;  // peer_address_key, counted in the per-address cap while the socket is open
  SendQueue queue;
  bool close_started = false;
  // Set while on_recv hands a chunk's frames to the handler: sends made meanwhile only
  // queue, and one WSASend carries them all when the chunk is done.
  bool corked = false;
  CloseReason reason = CloseReason::Shutdown;
  // 1 while the socket is open, plus 1 per pending operation (recv, send, close notice).
  // The occupant leaves the slot when it reaches 0: no completion can name it any more.
  int refs = 0;
  std::chrono::steady_clock::time_point deadline{};  // for Draining and HalfClosed
  RecvOp recv_op;
  SendOp send_op;
  OverlappedOp notify_op{OpType::CloseNotify};

  // Readable without mu: set once under mu when the close starts.
  std::atomic<bool> closing{false};

  // --- used only by the one recv completion in progress (one recv outstanding) ---
  std::vector<uint8_t> recv_buf;
  proto::PacketAssembler assembler;
  uint32_t recv_count = 0;

  // --- on_open / on_frame / on_close of this session run under handler_mu ---
  std::mutex handler_mu;

  // --- telemetry of recv chunks, guarded by rec_mu ---
  static constexpr size_t kMaxChunks = 64;
  std::atomic<bool> recording{false};
  std::mutex rec_mu;
  std::deque<RecvChunk> chunks;
  uint32_t chunks_dropped = 0;
  // --- flow events for the flow view, guarded by rec_mu too ---
  static constexpr size_t kMaxFlow = 128;
  std::atomic<bool> flow{false};
  std::deque<FlowEvent> flow_events;
  uint32_t flow_dropped = 0;

 private:
  friend class SessionTable;
  const uint32_t slot_;
  std::atomic<uint32_t> generation_{0};
  std::atomic<bool> in_use_{false};
};

}  // namespace iocplab::net
