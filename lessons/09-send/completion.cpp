// completion.cpp — the two calls every IOCP program starts with.
#include "completion.h"

// [lesson:create-port]
HANDLE create_completion_port() {
  // No file handle and no existing port means "make a new, empty port".
  // The last argument caps how many threads may run completions at the same time;
  // 0 means one per CPU core. nullptr back means it failed (GetLastError says why).
  //ko: 파일 핸들도, 이미 있는 포트도 주지 않으면 "비어 있는 새 포트를 만들라"는 뜻이다.
  //ko: 마지막 인자는 완료를 동시에 처리할 수 있는 스레드 수의 상한이고,
  //ko: 0이면 CPU 코어 수만큼이다. 실패하면 nullptr이 온다 (이유는 GetLastError).
  return CreateIoCompletionPort(INVALID_HANDLE_VALUE, nullptr, 0, 0);
}
// [/lesson:create-port]

// [lesson:dequeue]
Completion dequeue_completion(HANDLE port, DWORD timeout_ms) {
  Completion c;
  BOOL ok = GetQueuedCompletionStatus(port, &c.bytes, &c.key, &c.overlapped, timeout_ms);
  c.ok = (ok != FALSE);
  if (!c.ok) c.error = GetLastError();
  // FALSE means one of two very different things:
  //   overlapped == nullptr: nothing was dequeued: WAIT_TIMEOUT, or ERROR_ABANDONED_WAIT_0
  //                          when the port was closed while we waited;
  //   overlapped != nullptr: an operation WAS dequeued, and it failed (error says why).
  // TRUE with overlapped == nullptr is a completion someone posted without an OVERLAPPED.
  //ko: FALSE는 전혀 다른 두 가지 중 하나다.
  //ko:   overlapped == nullptr: 아무것도 꺼내지 못했다. WAIT_TIMEOUT이거나,
  //ko:                          기다리는 중에 포트가 닫혀서 ERROR_ABANDONED_WAIT_0.
  //ko:   overlapped != nullptr: 작업 하나를 꺼냈고, 그 작업이 실패했다 (이유는 error).
  //ko: TRUE인데 overlapped == nullptr이면, 누군가 OVERLAPPED 없이 직접 넣은 완료다.
  return c;
}
// [/lesson:dequeue]
