// batch.cpp — stage 01's exercise, solved.
#include "batch.h"

ULONG dequeue_batch(HANDLE port, OVERLAPPED_ENTRY* out, ULONG max, DWORD timeout_ms) {
  ULONG removed = 0;
  // FALSE, last argument: do not return early for an alertable wait (we use no APCs).
  if (!GetQueuedCompletionStatusEx(port, out, max, &removed, timeout_ms, FALSE)) return 0;
  return removed;
}
