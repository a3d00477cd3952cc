// waker.h — wakes a thread blocked in poll_sockets() from another thread: an eventfd on
// Linux, a loopback UDP socket sent to itself on Windows (WSAPoll waits on sockets only).
#pragma once

#include "socket_util.h"

namespace iocplab::client {

class Waker {
 public:
  Waker() = default;
  ~Waker() { close(); }
  Waker(const Waker&) = delete;
  Waker& operator=(const Waker&) = delete;

  bool open();   // false when the handle could not be made (then wake() does nothing)
  void close();
  void wake();   // any thread
  void drain();  // the polling thread, after the handle polled readable
  // Poll this for POLLIN (kNoSocket when not open; poll ignores it then on Linux).
  SocketHandle handle() const { return handle_; }

 private:
  SocketHandle handle_ = kNoSocket;
};

}  // namespace iocplab::client
