// Stage 01 — the completion port.
//
// Make a port, post three completions into it, take them out again and look at what
// comes back. The port is only a queue: the completion key and the OVERLAPPED pointer
// are values we chose, and we get exactly them back.
#include <cstdio>

#include "completion.h"

int main() {
  // [lesson:make-port]
  HANDLE port = create_completion_port();
  if (port == nullptr) {
    std::printf("CreateIoCompletionPort failed: error %lu\n", (unsigned long)GetLastError());
    return 1;
  }
  // [/lesson:make-port]

  // [lesson:post]
  // One OVERLAPPED per operation: the port hands its address back to say "this one is done".
  //ko: 작업 하나에 OVERLAPPED 하나. 포트는 그 주소를 돌려주며 "이 작업이 끝났다"고 알린다.
  OVERLAPPED jobs[3] = {};
  for (int i = 0; i < 3; ++i) {
    ULONG_PTR key = 100 + i;          // in a server: the client's index in the client array
    //ko: 서버에서는 클라이언트 배열 안의 인덱스
    DWORD bytes = 10 * (i + 1);       // in a server: how many bytes the recv or send moved
    //ko: 서버에서는 recv나 send가 옮긴 바이트 수
    PostQueuedCompletionStatus(port, bytes, key, &jobs[i]);
  }
  // [/lesson:post]

  // [lesson:drain]
  for (;;) {
    Completion c = dequeue_completion(port, 0);  // 0 ms: do not wait if the queue is empty
    //ko: 0 ms: 큐가 비어 있으면 기다리지 않는다
    if (!c.ok && c.overlapped == nullptr) {      // nothing dequeued
      //ko: 아무것도 꺼내지 못했다
      std::printf("queue empty (GetLastError %lu = WAIT_TIMEOUT)\n", (unsigned long)c.error);
      break;
    }
    std::printf("dequeued: key=%llu bytes=%lu overlapped=&jobs[%d]\n", (unsigned long long)c.key,
                (unsigned long)c.bytes, (int)(c.overlapped - jobs));
  }
  // [/lesson:drain]

  CloseHandle(port);
  std::printf("next: read lessons/01-completion-port/README.md, then ./lab lesson 02\n");
  return 0;
}
