// completion.h — the completion port: make one, and take one completion out of it.
#pragma once

#include "iocp.h"

// Everything GetQueuedCompletionStatus hands back, in one value.
struct Completion {
  bool ok = false;                   // GQCS returned TRUE: the operation succeeded
  DWORD bytes = 0;                   // bytes transferred (posted completions: what was posted)
  ULONG_PTR key = 0;                 // the completion key of the handle (or the posted key)
  OVERLAPPED* overlapped = nullptr;  // which operation; nullptr: nothing was dequeued
  DWORD error = 0;                   // GetLastError() when ok is false
};

HANDLE create_completion_port();
Completion dequeue_completion(HANDLE port, DWORD timeout_ms);
