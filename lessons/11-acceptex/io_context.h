// io_context.h — the extended OVERLAPPED: what one overlapped operation needs, in one struct.
#pragma once

#include <cstddef>

#include "iocp.h"

constexpr int kBufferSize = 1024;

// [lesson:io-context]
// What kind of operation an IoContext is for: the completion itself does not say.
enum class Op : unsigned char { Recv, Send, Accept };

// The kernel only knows the OVERLAPPED at the front and never looks past it; everything
// after it is ours. GQCS hands back the OVERLAPPED*, which is then also our IoContext*.
struct IoContext {
  OVERLAPPED overlapped;  // MUST stay the first member
  Op op;
  int id;  // the ID of the client it was posted for (stage 08): a stale one is dropped
  SOCKET socket;  // Op::Accept only: the socket AcceptEx turns into the new connection
  WSABUF wsabuf;
  char buffer[kBufferSize];
};
static_assert(offsetof(IoContext, overlapped) == 0, "the OVERLAPPED must come first");
// [/lesson:io-context]
