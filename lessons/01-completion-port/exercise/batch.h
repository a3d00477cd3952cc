// batch.h — stage 01's exercise: many completions out of the port with one call.
#pragma once

#include "iocp.h"

// Fills `out` with up to `max` completions from `port` (waiting at most timeout_ms for the
// first one) and returns how many it took; 0 when none came.
ULONG dequeue_batch(HANDLE port, OVERLAPPED_ENTRY* out, ULONG max, DWORD timeout_ms);
