// world.h — the grid world: who stands where, and who is told what when someone enters,
// moves, chats or leaves. View rule: B is in A's view when |dx| <= view && |dy| <= view.
//
// Locking rule: every operation locks (in the grid's fixed order) all cells within `view` of
// the player's old and new position, and sends while holding them. Any two operations that
// could change or report the same pair of players share a cell lock, so they are serialized
// and every client sees ADD / MOVE / REMOVE for a player in a consistent order.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

#include "net/session_sink.h"
#include "player.h"
#include "spatial_grid.h"

namespace iocplab::game {

class World {
 public:
  World(uint16_t world, uint16_t view, net::SessionOutbox& out);

  uint16_t size() const { return world_; }
  uint16_t view() const { return view_; }

  // Puts p at (p.x, p.y). p gets `first` (its SC_LOGIN_OK) and then SC_ADD_PLAYER for each
  // player in view; each of them gets SC_ADD_PLAYER for p. p is not owned; it must stay
  // alive until leave(p).
  void enter(Player& p, net::Bytes first);
  // One tile in dir (0 up, 1 down, 2 left, 3 right; caller checked dir <= 3), clamped.
  void move(Player& p, uint8_t dir, uint32_t seq, uint32_t client_time);
  // SC_CHAT to p and everyone in p's view.
  void chat(Player& p, std::string_view text);
  // Takes p out; everyone who had p in view gets SC_REMOVE_PLAYER.
  void leave(Player& p);

  // Player entries examined by all operations so far (the spatial-index test counts them).
  uint64_t visited() const { return visited_.load(std::memory_order_relaxed); }

 private:
  bool in_view(int ax, int ay, int bx, int by) const;

  uint16_t world_;
  uint16_t view_;
  net::SessionOutbox& out_;
  SpatialGrid grid_;
  std::atomic<uint64_t> visited_{0};
};

}  // namespace iocplab::game
