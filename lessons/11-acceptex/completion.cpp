// completion.cpp — the two calls every IOCP program starts with.
#include "completion.h"

// [lesson:create-port]
HANDLE create_completion_port() {
  // No file handle and no existing port means "make a new, empty port".
  // The last argument caps how many threads may run completions at the same time;
  // 0 means one per CPU core.
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
  //   overlapped == nullptr: nothing was dequeued (timeout, or the port was closed);
  //   overlapped != nullptr: an operation WAS dequeued, and it failed (error says why).
  return c;
}
// [/lesson:dequeue]
