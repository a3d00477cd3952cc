// describe.cpp — stage 07's exercise, solved.
#include "describe.h"

// `we_closed` is the server's own record (the client's state is Closing): the error code
// of a cancelled operation differs between Windows versions, Wine and the Linux engines
// (ERROR_OPERATION_ABORTED, ERROR_NETNAME_DELETED, ...); our own state does not.
std::string describe(const Completion& c, bool we_closed) {
  if (c.overlapped == nullptr) return "nothing dequeued";  // time-out or port closed
  if (c.ok && c.bytes > 0) return "data";
  if (c.ok) return "peer closed";  // 0 bytes: a graceful close
  if (we_closed) return "cancelled";
  return "connection failed";  // a reset (ERROR_NETNAME_DELETED, WSAECONNRESET, ...) and others
}
