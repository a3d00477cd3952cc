// session_sink.h — the boundary between the network framework (server/net) and whatever
// runs on top of it (the game, an echo server, a benchmark). net owns sockets and
// sessions; the layer above sees only session ids, frames and this interface.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace iocplab::net {

// Public id of a session (see SessionTable):
// id = generation << 20 | slot (slot < 2^20). Never 0. An id whose generation no longer
// matches its slot is stale: anything addressed to it is dropped and counted.
using SessionId = uint32_t;

// Why a session ended; every close goes through one path and is logged with this.
enum class CloseReason : uint8_t {
  PeerClosed,     // recv of 0 bytes
  Reset,          // error completion (reset, aborted)
  Violation,      // protocol violation (see PROTOCOL.md)
  SlowReader,     // queued send bytes exceeded --send-limit
  LoginTimeout,   // no complete CS_LOGIN in time
  Logout,         // CS_LOGOUT
  LoginFailed,    // SC_LOGIN_FAIL sent, then closed
  ServerFull,     // over --max-sessions
  Shutdown,       // server stopping
};
const char* to_string(CloseReason r);

// Immutable bytes of one or more whole frames, shared by every recipient of a broadcast
// (serialized once). Created by the sender, freed when the last send completes.
using Bytes = std::shared_ptr<const std::vector<uint8_t>>;

// What the layer above may ask of the network. Thread-safe; callable from any thread.
class SessionOutbox {
 public:
  virtual ~SessionOutbox() = default;
  // Queue frames to a session. Sends to one session never interleave and arrive in call
  // order. Over --send-limit the session is closed as a slow reader. Stale id: dropped.
  virtual void send(SessionId id, Bytes frames) = 0;
  // The same for frames only this session gets (an echo, a reply): the bytes are copied
  // into the session's own contiguous send block, no allocation per frame. The default
  // makes a Bytes; server/net's Server copies.
  virtual void send_copy(SessionId id, std::span<const uint8_t> frames) {
    send(id, std::make_shared<const std::vector<uint8_t>>(frames.begin(), frames.end()));
  }
  // Close after everything already queued has been sent (graceful: the peer reads the
  // queued frames, then end of stream). on_close follows exactly once.
  virtual void close(SessionId id, CloseReason why, std::string_view detail = {}) = 0;
  // Run fn on a worker thread (PostQueuedCompletionStatus). Used to bring results of the
  // database thread back into the completion-port world.
  virtual void post(std::function<void()> fn) = 0;
};

// Implemented by the layer above; called on worker threads. For one session the calls
// never overlap and come in stream order: on_open, on_frame..., on_close (exactly once).
class SessionHandler {
 public:
  virtual ~SessionHandler() = default;
  virtual void on_open(SessionId id) = 0;
  // frame: one whole frame, header included, already checked for 3 <= size <= 1024.
  virtual void on_frame(SessionId id, std::span<const uint8_t> frame) = 0;
  virtual void on_close(SessionId id, CloseReason why) = 0;
};

}  // namespace iocplab::net
