#include "world.h"

#include <algorithm>
#include <cstdlib>

#include "frames.h"

namespace iocplab::game {

namespace {

proto::ScAddPlayer add_of(const Player& p) { return {p.id, p.x, p.y, p.name}; }

void erase_from(std::vector<Player*>& v, Player* p) {
  auto it = std::find(v.begin(), v.end(), p);
  if (it != v.end()) {
    *it = v.back();
    v.pop_back();
  }
}

}  // namespace

World::World(uint16_t world, uint16_t view, net::SessionOutbox& out)
    : world_(std::max<uint16_t>(world, 1)), view_(view), out_(out), grid_(world_, view) {}

bool World::in_view(int ax, int ay, int bx, int by) const {
  return std::abs(ax - bx) <= view_ && std::abs(ay - by) <= view_;
}

void World::enter(Player& p, net::Bytes first) {
  const auto r = grid_.around(p.x, p.y, p.x, p.y);
  RegionLock lock(grid_, r);
  std::vector<uint8_t> to_p(first->begin(), first->end());
  net::Bytes add_p;
  uint64_t seen = 0;
  for (uint32_t cy = r.cy0; cy <= r.cy1; ++cy)
    for (uint32_t cx = r.cx0; cx <= r.cx1; ++cx)
      for (Player* q : grid_.cell(cx, cy).players) {
        ++seen;
        if (!in_view(p.x, p.y, q->x, q->y)) continue;
        if (!add_p) add_p = bytes_of(add_of(p));
        out_.send(q->id, add_p);
        proto::encode(to_p, add_of(*q));
      }
  grid_.cell_of(p.x, p.y).players.push_back(&p);
  out_.send(p.id, bytes_of(std::move(to_p)));
  visited_.fetch_add(seen, std::memory_order_relaxed);
}

void World::move(Player& p, uint8_t dir, uint32_t seq, uint32_t client_time) {
  const int ox = p.x, oy = p.y;
  int nx = ox, ny = oy;
  switch (dir) {
    case 0: ny = std::max(oy - 1, 0); break;
    case 1: ny = std::min(oy + 1, world_ - 1); break;
    case 2: nx = std::max(ox - 1, 0); break;
    default: nx = std::min(ox + 1, world_ - 1); break;
  }
  const auto r = grid_.around(uint16_t(std::min(ox, nx)), uint16_t(std::min(oy, ny)),
                              uint16_t(std::max(ox, nx)), uint16_t(std::max(oy, ny)));
  RegionLock lock(grid_, r);

  auto& from = grid_.cell_of(uint16_t(ox), uint16_t(oy));
  auto& to = grid_.cell_of(uint16_t(nx), uint16_t(ny));
  if (&from != &to) {
    erase_from(from.players, &p);
    to.players.push_back(&p);
  }
  p.x = uint16_t(nx);
  p.y = uint16_t(ny);

  // One echo frame for the mover and every observer who keeps seeing it.
  const net::Bytes echo = bytes_of(proto::ScMovePlayer{p.id, p.x, p.y, seq, client_time});
  std::vector<uint8_t> to_p(echo->begin(), echo->end());
  net::Bytes add_p, remove_p;
  uint64_t seen = 0;
  for (uint32_t cy = r.cy0; cy <= r.cy1; ++cy)
    for (uint32_t cx = r.cx0; cx <= r.cx1; ++cx)
      for (Player* q : grid_.cell(cx, cy).players) {
        if (q == &p) continue;
        ++seen;
        const bool before = in_view(ox, oy, q->x, q->y);
        const bool after = in_view(nx, ny, q->x, q->y);
        if (before && after) {
          out_.send(q->id, echo);
        } else if (before) {
          if (!remove_p) remove_p = bytes_of(proto::ScRemovePlayer{p.id});
          out_.send(q->id, remove_p);
          proto::encode(to_p, proto::ScRemovePlayer{q->id});
        } else if (after) {
          if (!add_p) add_p = bytes_of(add_of(p));
          out_.send(q->id, add_p);
          proto::encode(to_p, add_of(*q));
        }
      }
  out_.send(p.id, bytes_of(std::move(to_p)));
  visited_.fetch_add(seen, std::memory_order_relaxed);
}

void World::chat(Player& p, std::string_view text) {
  const auto r = grid_.around(p.x, p.y, p.x, p.y);
  RegionLock lock(grid_, r);
  const net::Bytes frame = bytes_of(proto::ScChat{p.id, std::string(text)});
  out_.send(p.id, frame);
  uint64_t seen = 0;
  for (uint32_t cy = r.cy0; cy <= r.cy1; ++cy)
    for (uint32_t cx = r.cx0; cx <= r.cx1; ++cx)
      for (Player* q : grid_.cell(cx, cy).players) {
        if (q == &p) continue;
        ++seen;
        if (in_view(p.x, p.y, q->x, q->y)) out_.send(q->id, frame);
      }
  visited_.fetch_add(seen, std::memory_order_relaxed);
}

void World::leave(Player& p) {
  const auto r = grid_.around(p.x, p.y, p.x, p.y);
  RegionLock lock(grid_, r);
  erase_from(grid_.cell_of(p.x, p.y).players, &p);
  net::Bytes remove_p;
  uint64_t seen = 0;
  for (uint32_t cy = r.cy0; cy <= r.cy1; ++cy)
    for (uint32_t cx = r.cx0; cx <= r.cx1; ++cx)
      for (Player* q : grid_.cell(cx, cy).players) {
        ++seen;
        if (!in_view(p.x, p.y, q->x, q->y)) continue;
        if (!remove_p) remove_p = bytes_of(proto::ScRemovePlayer{p.id});
        out_.send(q->id, remove_p);
      }
  visited_.fetch_add(seen, std::memory_order_relaxed);
}

}  // namespace iocplab::game
