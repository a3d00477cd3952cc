// errors.cpp — the thread's last error and the errno -> Win32/Winsock mappings.
#include <cerrno>

#include "internal.h"

namespace iocplab::platform {

namespace {
thread_local DWORD t_last_error = 0;
}

void set_last_error(DWORD e) { t_last_error = e; }

DWORD wsa_error_from_errno(int err) {
  switch (err) {
    case 0: return 0;
    case EINTR: return WSAEINTR;
    case EBADF: case ENOTSOCK: return WSAENOTSOCK;
    case EACCES: case EPERM: return WSAEACCES;
    case EFAULT: return WSAEFAULT;
    case EINVAL: return WSAEINVAL;
    case EMFILE: case ENFILE: return WSAEMFILE;
    case EAGAIN: return WSAEWOULDBLOCK;
    case EINPROGRESS: return WSAEINPROGRESS;
    case EALREADY: return WSAEALREADY;
    case EMSGSIZE: return WSAEMSGSIZE;
    case EPROTONOSUPPORT: return WSAEPROTONOSUPPORT;
    case EOPNOTSUPP: return WSAEOPNOTSUPP;
    case EAFNOSUPPORT: return WSAEAFNOSUPPORT;
    case EADDRINUSE: return WSAEADDRINUSE;
    case EADDRNOTAVAIL: return WSAEADDRNOTAVAIL;
    case ENETDOWN: return WSAENETDOWN;
    case ENETUNREACH: return WSAENETUNREACH;
    case ECONNABORTED: return WSAECONNABORTED;
    case ECONNRESET: return WSAECONNRESET;
    case EPIPE: return WSAESHUTDOWN;
    case ENOBUFS: case ENOMEM: case EBUSY: return WSAENOBUFS;
    case EISCONN: return WSAEISCONN;
    case ENOTCONN: return WSAENOTCONN;
    case ETIMEDOUT: return WSAETIMEDOUT;
    case ECONNREFUSED: return WSAECONNREFUSED;
    case EHOSTUNREACH: return WSAEHOSTUNREACH;
    case ECANCELED: return WSA_OPERATION_ABORTED;
    default: return WSAEINVAL;
  }
}

// What GetQueuedCompletionStatus reports for a failed operation: Windows turns the
// kernel's NTSTATUS into these Win32 codes (a reset connection is ERROR_NETNAME_DELETED).
DWORD completion_error_from_errno(int err) {
  switch (err) {
    case ECONNRESET: case EPIPE: case ENETRESET: case EHOSTUNREACH: case ENETUNREACH:
      return ERROR_NETNAME_DELETED;
    case ETIMEDOUT: return ERROR_SEM_TIMEOUT;
    case ECONNABORTED: return ERROR_CONNECTION_ABORTED;
    case ECANCELED: return ERROR_OPERATION_ABORTED;
    case EMFILE: case ENFILE: case ENOBUFS: case ENOMEM: return ERROR_NO_SYSTEM_RESOURCES;
    default: return wsa_error_from_errno(err);
  }
}

// WSAGetOverlappedResult reports Winsock codes for the same failures.
DWORD wsa_error_from_completion(DWORD err) {
  switch (err) {
    case ERROR_NETNAME_DELETED: return WSAECONNRESET;
    case ERROR_CONNECTION_ABORTED: return WSAECONNABORTED;
    case ERROR_SEM_TIMEOUT: return WSAETIMEDOUT;
    case ERROR_NO_SYSTEM_RESOURCES: return WSAENOBUFS;
    default: return err;  // ERROR_OPERATION_ABORTED == WSA_OPERATION_ABORTED, WSA codes as is
  }
}

}  // namespace iocplab::platform

using namespace iocplab::platform;

DWORD GetLastError() { return t_last_error; }
void SetLastError(DWORD e) { t_last_error = e; }
int WSAGetLastError() { return static_cast<int>(t_last_error); }
void WSASetLastError(int e) { t_last_error = static_cast<DWORD>(e); }
