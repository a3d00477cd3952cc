// frames.h — packets to net::Bytes: each frame is serialized once and the same Bytes is
// shared by every recipient.
#pragma once

#include <memory>
#include <vector>

#include "net/session_sink.h"
#include "protocol/protocol.h"

namespace iocplab::game {

template <class Packet>
net::Bytes bytes_of(const Packet& p) {
  auto v = std::make_shared<std::vector<uint8_t>>();
  proto::encode(*v, p);
  return v;
}

inline net::Bytes bytes_of(std::vector<uint8_t> frames) {
  return std::make_shared<const std::vector<uint8_t>>(std::move(frames));
}

}  // namespace iocplab::game
