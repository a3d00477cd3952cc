// handles.h — RAII owners for a completion port and a socket, shared by the conformance tests.
#pragma once

#include <cstring>

#include "iocp.h"

// An OVERLAPPED that starts zeroed, as every new operation needs.
struct Overlapped : OVERLAPPED {
  Overlapped() { std::memset(static_cast<OVERLAPPED*>(this), 0, sizeof(OVERLAPPED)); }
};

// Owns one completion port; closes it on destruction unless release()d.
class Port {
 public:
  Port() : handle_(CreateIoCompletionPort(INVALID_HANDLE_VALUE, nullptr, 0, 0)) {}
  ~Port() {
    if (handle_ != nullptr) CloseHandle(handle_);
  }
  Port(const Port&) = delete;
  Port& operator=(const Port&) = delete;

  bool valid() const { return handle_ != nullptr; }
  HANDLE get() const { return handle_; }
  // Gives up ownership (the caller closes the handle itself).
  HANDLE release() {
    HANDLE h = handle_;
    handle_ = nullptr;
    return h;
  }
  // Associates a socket with this port under `key`.
  bool associate(SOCKET s, ULONG_PTR key) const {
    return CreateIoCompletionPort(reinterpret_cast<HANDLE>(s), handle_, key, 0) == handle_;
  }

 private:
  HANDLE handle_;
};

// Owns one socket; closesocket() on destruction unless released or closed.
class Socket {
 public:
  Socket() = default;
  explicit Socket(SOCKET s) : s_(s) {}
  ~Socket() { close(); }
  Socket(Socket&& other) noexcept : s_(other.release()) {}
  Socket& operator=(Socket&& other) noexcept {
    if (this != &other) {
      close();
      s_ = other.release();
    }
    return *this;
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  bool valid() const { return s_ != INVALID_SOCKET; }
  SOCKET get() const { return s_; }
  SOCKET release() {
    SOCKET s = s_;
    s_ = INVALID_SOCKET;
    return s;
  }
  // Returns closesocket's result (0 on success); closing an empty Socket returns 0.
  int close() {
    if (s_ == INVALID_SOCKET) return 0;
    return closesocket(release());
  }

 private:
  SOCKET s_ = INVALID_SOCKET;
};
