// game.h — the game layer on top of the network framework: a grid world, the packet
// handlers of PROTOCOL.md, an account store on its own thread and telemetry for observers.
// The network calls it through net::SessionHandler and is reached through net::SessionOutbox.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "net/session_sink.h"
#include "net/telemetry_source.h"

namespace iocplab::game {

struct GameConfig {
  uint16_t world = 400;               // square world side (tiles)
  uint16_t view = 7;                  // view radius
  std::string db_path = "iocplab.db"; // SQLite file; ":memory:" keeps nothing
  uint32_t login_timeout_s = 10;      // seconds from on_open to a complete CS_LOGIN
  // PROTOCOL.md v1.1
  uint32_t hash_memory_kib = 19456;   // Argon2id memory per hash (KiB)
  uint32_t hash_passes = 2;           // Argon2id passes
  uint32_t hash_threads = 0;          // hashing threads; 0: min(2, cores)
  uint32_t move_rate = 20;            // moves a second, bursts of 2x (0: no limit)
  uint32_t chat_rate = 5;             // chats a second, bursts of 2x (0: no limit)
  uint32_t login_failures = 5;        // wrong passwords that lock a name (0: never lock)
  uint32_t lockout_s = 60;            // how long a name stays locked
};

class Game : public net::SessionHandler {
 public:
  // out and telemetry must outlive the Game, and no posted callback may run after ~Game.
  Game(GameConfig cfg, net::SessionOutbox& out, net::TelemetrySource& telemetry);
  ~Game() override;  // finishes queued database work (saves), then stops its thread
  Game(const Game&) = delete;
  Game& operator=(const Game&) = delete;

  bool start(std::string* error);  // opens the database (SQLite, own thread)
  // Called every 100 ms from one timer thread: login timeouts; telemetry to observers
  // every second tick (200 ms).
  void tick();
  // Saves every online player; blocks until saved. Login answers still pending are dropped.
  void shutdown();
  uint32_t players_online() const;

  // SessionHandler: called on worker threads; per session never overlapping, in stream order.
  void on_open(net::SessionId id) override;
  void on_frame(net::SessionId id, std::span<const uint8_t> frame) override;
  void on_close(net::SessionId id, net::CloseReason why) override;

  // Player entries the world examined so far (tests of the spatial index).
  uint64_t world_entries_visited() const;
  // What the game holds beyond its online players: sessions, login deadlines, positions of
  // accounts that left, name-lock counts. With no one connected and no recent wrong
  // password it is 0 (tests: nothing grows with accounts or connections ever seen).
  size_t retained_entries() const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace iocplab::game
