// gather_sender.cpp — your solution goes here (`./lab lesson 09 --check` tests it).
#include "gather_sender.h"

bool GatherSender::send(const std::string& packet) {
  // TODO: queue the packet; if no send is in flight, start() one.
  return false;
}

bool GatherSender::on_completion() {
  // TODO: the send in flight is done: free its buffers, start() the next if any are queued.
  return false;
}

bool GatherSender::start() {
  // TODO: move the queued packets to in_flight_, one WSABUF each, and post ONE WSASend.
  return false;
}
