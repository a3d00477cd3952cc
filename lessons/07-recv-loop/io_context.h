// io_context.h — the extended OVERLAPPED: what one overlapped operation needs, in one struct.
#pragma once

#include <cstddef>

#include "iocp.h"

constexpr int kBufferSize = 1024;

// [lesson:io-context]
// What kind of operation an IoContext is for: the completion itself does not say.
//ko: 이 IoContext가 어떤 작업용인가. 완료 자체는 그걸 알려 주지 않는다.
enum class Op : unsigned char { Recv, Send, Accept };  // Accept: AcceptEx, stage 14
//ko: Accept: AcceptEx, 14단계

// The kernel only knows the OVERLAPPED at the front and never looks past it; everything
// after it is ours. GQCS hands back the OVERLAPPED*, which is then also our IoContext*.
//ko: 커널은 맨 앞의 OVERLAPPED만 알고, 그 뒤는 절대 보지 않는다. 뒤는 전부 우리 것이다.
//ko: GQCS가 돌려주는 OVERLAPPED*는 그대로 우리 IoContext*이기도 하다.
struct IoContext {
  OVERLAPPED overlapped;  // MUST stay the first member
  //ko: 반드시 첫 번째 멤버여야 한다
  Op op;
  WSABUF wsabuf;
  char buffer[kBufferSize];
};
static_assert(offsetof(IoContext, overlapped) == 0, "the OVERLAPPED must come first");
// [/lesson:io-context]
