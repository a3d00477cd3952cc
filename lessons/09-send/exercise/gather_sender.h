// gather_sender.h — the exercise of stage 09: one send in flight per socket, the packets
// that come meanwhile gathered into the next WSASend (several WSABUFs, one call).
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "iocp.h"

class GatherSender {
 public:
  explicit GatherSender(SOCKET s) : s_(s) {}
  bool send(const std::string& packet);  // queues it; starts a send if none is in flight
  bool on_completion();                  // this socket's send completed: start the next
  int sends_posted() const { return sends_posted_; }
  OVERLAPPED* overlapped() { return &ov_; }

 private:
  bool start();  // one WSASend with every queued packet
  SOCKET s_;
  std::deque<std::string> queued_;
  std::vector<std::string> in_flight_;  // the buffers must live until the completion
  std::vector<WSABUF> bufs_;
  OVERLAPPED ov_{};
  int sends_posted_ = 0;
};
