// game_client.h — a test player: a TestClient that speaks the protocol (encode with
// iocplab::proto, read whole frames back, each read bounded by a timeout).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "protocol/protocol.h"
#include "test_support.h"

namespace proto = iocplab::proto;

class GameClient {
 public:
  bool connect(uint16_t port) { return client_.connect(port); }

  template <class Packet>
  bool send(const Packet& p) {
    std::vector<uint8_t> bytes = proto::to_bytes(p);
    return client_.send_all(std::string(bytes.begin(), bytes.end()));
  }
  bool send_raw(const std::string& bytes) { return client_.send_all(bytes); }

  // The next whole frame; empty when none came within the timeout or the server closed.
  std::string next_frame(int timeout_ms = 5000) {
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      if (buffer_.size() >= 3) {
        size_t size = (unsigned char)buffer_[0] | (size_t)(unsigned char)buffer_[1] << 8;
        if (size >= 3 && buffer_.size() >= size) {
          std::string frame = buffer_.substr(0, size);
          buffer_.erase(0, size);
          return frame;
        }
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
      if (left.count() <= 0) return {};
      if (client_.recv_some(buffer_, (DWORD)left.count()) <= 0) return {};
    }
  }

  // The next frame decoded as a Packet; nullopt (with a test failure) if it is something else.
  template <class Packet>
  std::optional<Packet> expect(int timeout_ms = 5000) {
    std::string f = next_frame(timeout_ms);
    if (f.empty()) {
      ADD_FAILURE() << "no frame came (timeout or closed)";
      return std::nullopt;
    }
    Packet p;
    proto::DecodeError e = proto::decode({reinterpret_cast<const uint8_t*>(f.data()), f.size()}, p);
    if (e != proto::DecodeError::None) {
      ADD_FAILURE() << "got " << proto::type_name((uint8_t)f[2]) << " (" << proto::to_string(e) << ")";
      return std::nullopt;
    }
    return p;
  }

  // Logs in and returns SC_LOGIN_OK (nullopt on anything else).
  std::optional<proto::ScLoginOk> login(const std::string& name, const std::string& password = "pw") {
    if (!send(proto::make_login(name, password))) return std::nullopt;
    return expect<proto::ScLoginOk>();
  }

  // Sends CS_MOVE; `seq` counts up so every echo can be matched to its request.
  bool move(proto::Dir dir, uint32_t seq) {
    return send(proto::CsMove{(uint8_t)dir, seq, seq * 1000 + 7});
  }

  // Frames already read are dropped; true once the server has closed the connection.
  bool wait_closed(int timeout_ms = 5000) { return client_.wait_closed(timeout_ms); }
  void close() { client_.close(); }

 private:
  TestClient client_;
  std::string buffer_;  // bytes read but not yet cut into frames
};
