// completion.h — bounded waits on a completion port, with results that print well in gtest.
#pragma once

#include <ostream>

#include "iocp.h"

namespace conf {

// Every wait in the suite is bounded: kWaitMs for something that must arrive, kQuietMs to
// show that nothing more arrives.
constexpr DWORD kWaitMs = 5000;
constexpr DWORD kQuietMs = 100;

// One GetQueuedCompletionStatus result. `error` is GetLastError() when ok is FALSE.
struct Completion {
  BOOL ok = FALSE;
  DWORD error = 0;
  DWORD bytes = 0;
  ULONG_PTR key = 0;
  OVERLAPPED* overlapped = nullptr;

  bool timed_out() const { return !ok && overlapped == nullptr && error == WAIT_TIMEOUT; }
};

std::ostream& operator<<(std::ostream& os, const Completion& c);

Completion wait_completion(HANDLE port, DWORD ms = kWaitMs);

// Dequeues everything that arrives within `ms` of the last arrival; returns how many.
int drain_completions(HANDLE port, DWORD ms = kQuietMs);

// Win32 error values have different integer types on each side; compare as DWORD.
constexpr DWORD err(long code) { return static_cast<DWORD>(code); }

}  // namespace conf
