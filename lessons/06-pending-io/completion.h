// completion.h — the completion port: make one, and take one completion out of it.
#pragma once

#include "iocp.h"

// [lesson:completion]
// Everything GetQueuedCompletionStatus hands back, in one value.
//ko: GetQueuedCompletionStatus가 돌려주는 것을 한 값에 모았다.
struct Completion {
  bool ok = false;                   // GQCS returned TRUE: the operation succeeded
  //ko: GQCS가 TRUE를 돌려줌: 작업이 성공했다
  DWORD bytes = 0;                   // bytes transferred (posted completions: what was posted)
  //ko: 옮겨진 바이트 수 (직접 넣은 완료라면 넣은 값)
  ULONG_PTR key = 0;                 // the completion key: pointer-sized, chosen by us
  //ko: 완료 키: 포인터 크기의 값, 우리가 정한다
  OVERLAPPED* overlapped = nullptr;  // which operation (see dequeue_completion for nullptr)
  //ko: 어느 작업인가 (nullptr의 뜻은 dequeue_completion 참고)
  DWORD error = 0;                   // GetLastError() when ok is false
  //ko: ok가 false일 때의 GetLastError()
};
// [/lesson:completion]

HANDLE create_completion_port();
Completion dequeue_completion(HANDLE port, DWORD timeout_ms);
