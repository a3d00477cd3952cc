// overlapped_op.h — the extended OVERLAPPED: every asynchronous operation the framework
// posts is one of these. OVERLAPPED comes first, so the pointer GetQueuedCompletionStatus
// hands back converts to the op; the op type and the session generation follow.
#pragma once

#include <array>
#include <cstdint>
#include <functional>

#include "iocp.h"

namespace iocplab::net {

enum class OpType : uint8_t {
  Accept,       // AcceptEx on the listening socket
  AcceptRetry,  // a posted completion that retries a failed AcceptEx re-post
  Recv,         // the one WSARecv outstanding per session
  Send,         // the one WSASend in flight per session
  CloseNotify,  // posted: deliver on_close for a session
  Posted,       // posted: run a function (SessionOutbox::post)
  Overflow,     // the WSARecv draining a connection refused as "server full"
  StepRelease,  // posted: a completion the step gate held, let through (step_gate.h)
};

// Standard layout with OVERLAPPED as the first member: OVERLAPPED* <-> OverlappedOp*.
struct OverlappedOp {
  OVERLAPPED ov{};
  OpType type;
  uint32_t generation = 0;  // generation of the session the op was posted for (0: none)

  explicit OverlappedOp(OpType t) : type(t) {}
  void clear_overlapped() { ov = OVERLAPPED{}; }
  static OverlappedOp* from(OVERLAPPED* o) { return reinterpret_cast<OverlappedOp*>(o); }
};

// Receive: the buffer belongs to the session and is reused by every recv.
struct RecvOp : OverlappedOp {
  RecvOp() : OverlappedOp(OpType::Recv) {}
  WSABUF buf{};
  DWORD flags = 0;
};

// Send: gathers up to kMaxGather queued buffers into one WSASend.
struct SendOp : OverlappedOp {
  static constexpr size_t kMaxGather = 64;
  SendOp() : OverlappedOp(OpType::Send) {}
  std::array<WSABUF, kMaxGather> bufs{};
  DWORD count = 0;
};

// A function to run on a worker thread; owned by the completion, deleted after it ran.
struct PostedOp : OverlappedOp {
  explicit PostedOp(std::function<void()> f) : OverlappedOp(OpType::Posted), fn(std::move(f)) {}
  std::function<void()> fn;
};

}  // namespace iocplab::net
