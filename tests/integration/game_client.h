// game_client.h — a protocol-speaking test client: logs in, moves, chats, and keeps its own
// picture of the world (its position, the players in its view) from the frames it reads.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "loopback_client.h"
#include "protocol/protocol.h"

namespace iocplab::testing {

using namespace std::chrono_literals;

class GameClient {
 public:
  using Pos = std::pair<uint16_t, uint16_t>;

  bool connect(uint16_t port) { return conn.connect(port); }
  bool send(const std::vector<uint8_t>& bytes) { return conn.send_all(bytes); }
  template <class Packet>
  bool send_packet(const Packet& p) { return conn.send_all(proto::to_bytes(p)); }

  // The next frame, decoded and applied to this client's picture; nullopt on end of
  // stream, timeout or a frame that does not decode (bad_frames counts those).
  std::optional<proto::Packet> next(std::chrono::milliseconds timeout = 5s);
  // Reads until a packet of type T (applying the others); nullopt if none came in time.
  template <class T>
  std::optional<T> expect(std::chrono::milliseconds timeout = 5s) {
    auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
      auto p = next(left);
      if (!p) return std::nullopt;
      if (auto* t = std::get_if<T>(&*p)) return *t;
    }
    return std::nullopt;
  }

  // Sends CS_LOGIN (and `behind`, in the same write) and waits for the answer.
  std::optional<proto::ScLoginOk> login(const std::string& name, const std::string& password,
                                        const std::vector<uint8_t>& behind = {});
  // The SC_LOGIN_FAIL reason, or 0 if an SC_LOGIN_OK or nothing came.
  uint8_t login_fail(const std::string& name, const std::string& password);

  bool move(uint8_t dir);  // sends CS_MOVE with the next seq
  // Moves one tile and reads until its own SC_MOVE_PLAYER echo (applying the rest).
  bool step(uint8_t dir);
  bool walk_to(uint16_t tx, uint16_t ty);  // steps until there (bounded)
  // Barrier: a chat to itself, read until it comes back. Every frame the server queued
  // for this client before handling the chat has then been read and applied.
  bool sync(std::chrono::milliseconds timeout = 10s);

  LoopbackClient conn;
  uint32_t id = 0;
  Pos pos{0, 0};
  uint16_t world = 0, view_radius = 0;
  std::map<uint32_t, Pos> view;  // who this client believes is in its view
  uint32_t seq = 0;
  uint32_t last_echo_seq = 0;
  uint64_t moves_seen = 0, adds = 0, removes = 0, chats_from_others = 0, bad_frames = 0;
  uint64_t telemetry_frames = 0;
  std::vector<std::pair<uint32_t, std::string>> chats;  // (from, text) in arrival order

 private:
  void apply(const proto::Packet& p);
  uint32_t sync_counter_ = 0;
};

}  // namespace iocplab::testing
