#include "completion_port.h"

#include <stdexcept>
#include <string>

namespace iocplab::net {

CompletionPort::CompletionPort() {
  port_ = CreateIoCompletionPort(INVALID_HANDLE_VALUE, nullptr, 0, 0);
  if (port_ == nullptr)
    throw std::runtime_error("CreateIoCompletionPort failed: " + std::to_string(GetLastError()));
}

CompletionPort::~CompletionPort() {
  if (port_) CloseHandle(port_);
}

bool CompletionPort::associate(SOCKET s, ULONG_PTR key) {
  return CreateIoCompletionPort(reinterpret_cast<HANDLE>(s), port_, key, 0) == port_;
}

bool CompletionPort::post(ULONG_PTR key, OVERLAPPED* ov, DWORD bytes) {
  return PostQueuedCompletionStatus(port_, bytes, key, ov) != FALSE;
}

Completion CompletionPort::wait(DWORD timeout_ms) {
  Completion c;
  c.ok = GetQueuedCompletionStatus(port_, &c.bytes, &c.key, &c.ov, timeout_ms) != FALSE;
  if (!c.ok) c.error = GetLastError();
  return c;
}

}  // namespace iocplab::net
