// io_context.h — the extended OVERLAPPED: what one overlapped operation needs, in one struct.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "iocp.h"

constexpr int kBufferSize = 1024;

// [lesson:io-context]
// What kind of operation an IoContext is for: the completion itself does not say.
//ko: 이 IoContext가 어떤 작업용인가. 완료 자체는 그걸 알려 주지 않는다.
enum class Op : unsigned char { Recv, Send, Accept, Store };  // Accept: AcceptEx, stage 14; Store: 17
//ko: Accept: AcceptEx, 14단계. Store: 17단계

// The kernel only knows the OVERLAPPED at the front and never looks past it; everything
// after it is ours. GQCS hands back the OVERLAPPED*, which is then also our IoContext*.
//ko: 커널은 맨 앞의 OVERLAPPED만 알고, 그 뒤는 절대 보지 않는다. 뒤는 전부 우리 것이다.
//ko: GQCS가 돌려주는 OVERLAPPED*는 그대로 우리 IoContext*이기도 하다.
struct IoContext {
  OVERLAPPED overlapped;  // MUST stay the first member
  //ko: 반드시 첫 번째 멤버여야 한다
  Op op;
  int id;  // the ID of the client it was posted for (stage 11): a stale one is dropped
  //ko: 이 작업을 건 클라이언트의 ID (11단계). 옛 ID면 버린다
  SOCKET socket;  // Op::Accept only: the socket AcceptEx turns into the new connection
  //ko: Op::Accept 전용: AcceptEx가 새 연결로 바꿔 줄 소켓
  WSABUF wsabuf;
  char buffer[kBufferSize];
};
static_assert(offsetof(IoContext, overlapped) == 0, "the OVERLAPPED must come first");
// [/lesson:io-context]

// [lesson:job]
// A request to the store thread (stage 17, store.cpp). A login goes there and comes back
// through the port as a completion of its client (Op::Store); a save goes one way.
//ko: 저장소 쓰레드에 보내는 요청 (17단계, store.cpp). 로그인 요청은 저장소에 갔다가 포트를
//ko: 거쳐 그 클라이언트의 완료(Op::Store)로 돌아온다. 저장 요청은 가기만 한다.
struct StoreJob : IoContext {
  enum Kind { Login, Save } kind = Login;
  std::string name, password;
  int x = 0, y = 0;  // Login: where a new name starts, then the answer; Save: where it left
  //ko: Login: 새 이름이 시작할 곳, 그다음엔 답. Save: 떠난 자리
  uint8_t fail = 0;  // the answer: 0, 1 (wrong password), 4 (a bad field), 6 (no answer)
  //ko: 답: 0, 1(비밀번호 틀림), 4(잘못된 필드), 6(저장소가 답하지 못함)
  std::vector<std::string> rest;  // the packets behind the CS_LOGIN in its recv, in order
  //ko: 같은 recv에서 CS_LOGIN 뒤에 온 패킷들, 순서대로
};
// [/lesson:job]
