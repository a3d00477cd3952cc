// completion_port.h — owns one I/O completion port HANDLE (RAII).
#pragma once

#include <cstdint>

#include "iocp.h"

namespace iocplab::net {

// One dequeued completion, as GetQueuedCompletionStatus reported it.
struct Completion {
  bool ok = false;      // GQCS returned TRUE
  DWORD error = 0;      // GetLastError() when !ok
  DWORD bytes = 0;
  ULONG_PTR key = 0;
  OVERLAPPED* ov = nullptr;  // null: a timeout, a closed port, or a posted key-only wake-up
};

class CompletionPort {
 public:
  CompletionPort();  // throws std::runtime_error when the port cannot be created
  ~CompletionPort();
  CompletionPort(const CompletionPort&) = delete;
  CompletionPort& operator=(const CompletionPort&) = delete;

  HANDLE handle() const { return port_; }
  // Completions of socket s will carry key.
  bool associate(SOCKET s, ULONG_PTR key);
  bool post(ULONG_PTR key, OVERLAPPED* ov, DWORD bytes = 0);
  Completion wait(DWORD timeout_ms);

 private:
  HANDLE port_ = nullptr;
};

}  // namespace iocplab::net
