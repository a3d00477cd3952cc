// harness.h — a Game driven without sockets: frames in through on_frame, frames out
// recorded by FakeOutbox, database answers and closes run by pumping the outbox queue.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <variant>

#include "fake_outbox.h"
#include "fake_telemetry.h"
#include "game/game.h"
#include "protocol/protocol.h"

namespace iocplab::game::test {

// Realistic public ids: generation << 20 | slot.
inline net::SessionId sid(uint32_t slot, uint32_t gen = 1) { return gen << 20 | slot; }

inline GameConfig small_config(uint16_t world, uint16_t view) {
  GameConfig c;
  c.world = world;
  c.view = view;
  c.db_path = ":memory:";
  c.hash_memory_kib = 8;  // the load-test cost (PROTOCOL.md v1.1): unit tests log in often
  c.hash_passes = 1;
  return c;
}

class Harness {
 public:
  explicit Harness(GameConfig cfg) : game_(std::make_unique<Game>(std::move(cfg), out, tel)) {
    out.handler = game_.get();
    std::string error;
    started = game_->start(&error);
    EXPECT_TRUE(started) << error;
  }
  ~Harness() { stop(); }

  Game& game() { return *game_; }
  // Runs what is queued, then destroys the Game (its store thread drains first).
  void stop() {
    if (!game_) return;
    out.pump_ready();
    out.handler = nullptr;
    game_.reset();
  }

  void open(net::SessionId id) { game_->on_open(id); }
  template <class Packet>
  void send(net::SessionId id, const Packet& p) {
    raw(id, proto::to_bytes(p));
  }
  void raw(net::SessionId id, const std::vector<uint8_t>& frame) { game_->on_frame(id, frame); }
  void move(net::SessionId id, uint8_t dir, uint32_t seq = 0, uint32_t t = 0) {
    send(id, proto::CsMove{dir, seq, t});
  }

  // Waits until the session got a frame or was closed.
  bool await_answer(net::SessionId id) {
    return out.pump_until([&] { return out.frame_count(id) > 0 || out.closed(id).has_value(); });
  }
  // Opens id, logs in, waits for the answer. Returns SC_LOGIN_OK if that was the answer.
  std::optional<proto::ScLoginOk> login(net::SessionId id, std::string_view name, std::string_view pw) {
    open(id);
    send(id, proto::make_login(name, pw));
    if (!await_answer(id)) return std::nullopt;
    auto f = out.frames(id);
    proto::ScLoginOk ok;
    if (f.empty() || proto::decode(f[0], ok) != proto::DecodeError::None) return std::nullopt;
    return ok;
  }
  // Walks a logged-in player to (x, y): into the corner (clamped), then out.
  void place(net::SessionId id, uint16_t world, uint16_t x, uint16_t y) {
    for (int i = 0; i < world; ++i) move(id, 0);
    for (int i = 0; i < world; ++i) move(id, 2);
    for (int i = 0; i < x; ++i) move(id, 3);
    for (int i = 0; i < y; ++i) move(id, 1);
  }
  // Closes the way the network does: on_close, then the outbox forgets nothing.
  void disconnect(net::SessionId id) { game_->on_close(id, net::CloseReason::PeerClosed); }

  std::vector<proto::Packet> packets(net::SessionId id) {
    std::vector<proto::Packet> v;
    for (auto& f : out.frames(id)) {
      proto::Packet p;
      EXPECT_EQ(proto::decode_any(f, p), proto::DecodeError::None);
      v.push_back(std::move(p));
    }
    return v;
  }
  template <class P>
  std::vector<P> of_type(net::SessionId id) {
    std::vector<P> v;
    for (auto& p : packets(id))
      if (auto* x = std::get_if<P>(&p)) v.push_back(*x);
    return v;
  }

  FakeOutbox out;
  FakeTelemetry tel;
  bool started = false;

 private:
  std::unique_ptr<Game> game_;  // last member: destroyed before the fakes it uses
};

}  // namespace iocplab::game::test
