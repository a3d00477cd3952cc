#include "completion.h"

namespace conf {

std::ostream& operator<<(std::ostream& os, const Completion& c) {
  return os << "{ok=" << c.ok << " error=" << c.error << " bytes=" << c.bytes
            << " key=" << c.key << " overlapped=" << static_cast<const void*>(c.overlapped)
            << "}";
}

Completion wait_completion(HANDLE port, DWORD ms) {
  Completion c;
  SetLastError(0);
  c.ok = GetQueuedCompletionStatus(port, &c.bytes, &c.key, &c.overlapped, ms);
  if (!c.ok) c.error = GetLastError();
  return c;
}

int drain_completions(HANDLE port, DWORD ms) {
  int count = 0;
  for (int i = 0; i < 100000; ++i) {
    Completion c = wait_completion(port, ms);
    if (c.timed_out()) break;
    ++count;
  }
  return count;
}

}  // namespace conf
