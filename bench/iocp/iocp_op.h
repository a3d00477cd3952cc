// iocp_op.h — what an OVERLAPPED stands for in the bench servers. OVERLAPPED comes first,
// so the LPOVERLAPPED that GetQueuedCompletionStatus returns is the IoOp itself.
#pragma once

#include <cstring>

#include "iocp.h"

namespace iocplab::bench {

enum class OpKind { Accept, Recv, Send };

struct IoOp {
  OVERLAPPED ov;
  OpKind kind;
  void* owner;  // the connection (or accept slot) this operation belongs to

  IoOp(OpKind k, void* o) : ov{}, kind(k), owner(o) {}
  void reset() { std::memset(&ov, 0, sizeof ov); }
  static IoOp* from(LPOVERLAPPED ov) { return reinterpret_cast<IoOp*>(ov); }
};

}  // namespace iocplab::bench
