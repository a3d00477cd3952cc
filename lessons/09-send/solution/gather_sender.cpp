// gather_sender.cpp — solved: one send in flight, the rest gathered behind it.
#include "gather_sender.h"

bool GatherSender::send(const std::string& packet) {
  queued_.push_back(packet);
  return in_flight_.empty() ? start() : true;
}

bool GatherSender::on_completion() {
  in_flight_.clear();
  return queued_.empty() ? true : start();
}

bool GatherSender::start() {
  in_flight_.assign(queued_.begin(), queued_.end());
  queued_.clear();
  bufs_.clear();
  for (std::string& p : in_flight_) bufs_.push_back(WSABUF{(ULONG)p.size(), p.data()});
  ov_ = {};
  ++sends_posted_;
  return WSASend(s_, bufs_.data(), (DWORD)bufs_.size(), nullptr, 0, &ov_, nullptr) == 0 ||
         WSAGetLastError() == WSA_IO_PENDING;
}
