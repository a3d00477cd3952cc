#include "world_state.h"

#include <algorithm>
#include <cstdlib>

namespace iocplab::client {

constexpr size_t kRttKept = 200;
constexpr size_t kChatKept = 200;

void WorldState::reset() { *this = WorldState(); }

const PlayerView* WorldState::find(uint32_t id) const {
  auto it = players_.find(id);
  return it == players_.end() ? nullptr : &it->second;
}

void WorldState::place(PlayerView& p, uint16_t x, uint16_t y, double now_s) {
  float cx, cy;
  draw_position(p, now_s, &cx, &cy);
  // A jump of more than one tile (teleport, clamp fix-up) is not animated.
  bool step = std::abs(int(x) - int(p.x)) + std::abs(int(y) - int(p.y)) <= 1;
  p.from_x = step ? cx : x;
  p.from_y = step ? cy : y;
  p.move_start_s = now_s;
  p.x = x;
  p.y = y;
}

bool WorldState::apply(FrameView frame, double now_s, uint32_t now_ms) {
  switch (frame_type(frame)) {
    case SC_LOGIN_OK: {
      auto v = parse_login_ok(frame);
      if (!v) return false;
      players_.clear();
      self_id_ = v->id;
      world_w_ = v->world_w;
      world_h_ = v->world_h;
      view_ = v->view;
      login_fail_.reset();
      PlayerView& me = players_[v->id];
      me.id = v->id;
      me.name = self_name;
      me.x = v->x; me.y = v->y;
      me.from_x = v->x; me.from_y = v->y;
      return true;
    }
    case SC_LOGIN_FAIL: {
      auto v = parse_login_fail(frame);
      if (!v) return false;
      login_fail_ = *v;
      return true;
    }
    case SC_ADD_PLAYER: {
      auto v = parse_add_player(frame);
      if (!v) return false;
      PlayerView& p = players_[v->id];
      p.id = v->id;
      p.name = v->name;
      p.x = v->x; p.y = v->y;
      p.from_x = v->x; p.from_y = v->y;
      p.move_start_s = -1;
      return true;
    }
    case SC_MOVE_PLAYER: {
      auto v = parse_move_player(frame);
      if (!v) return false;
      auto it = players_.find(v->id);
      if (it != players_.end()) place(it->second, v->x, v->y, now_s);
      if (v->id == self_id_) {
        uint32_t rtt = now_ms - v->client_time;  // unsigned: wraps correctly
        last_rtt_ = rtt;
        rtt_history_.push_back(static_cast<float>(rtt));
        if (rtt_history_.size() > kRttKept) rtt_history_.pop_front();
        moves_echoed_++;
      }
      return true;
    }
    case SC_REMOVE_PLAYER: {
      auto v = parse_remove_player(frame);
      if (!v) return false;
      if (*v != self_id_ && players_.erase(*v) == 0) unknown_removes_++;
      return true;
    }
    case SC_CHAT: {
      auto v = parse_chat(frame);
      if (!v) return false;
      const PlayerView* p = find(v->id);
      chat_.push_back({now_s, v->id, p ? p->name : "#" + std::to_string(v->id), v->text});
      if (chat_.size() > kChatKept) chat_.pop_front();
      return true;
    }
    default: return false;
  }
}

void WorldState::draw_position(const PlayerView& p, double now_s, float* x, float* y) const {
  double t = p.move_start_s < 0 ? 1.0 : (now_s - p.move_start_s) / kMoveSeconds;
  t = std::clamp(t, 0.0, 1.0);
  // Ease-out so a step decelerates into its tile.
  double e = 1.0 - (1.0 - t) * (1.0 - t);
  *x = static_cast<float>(p.from_x + (p.x - p.from_x) * e);
  *y = static_cast<float>(p.from_y + (p.y - p.from_y) * e);
}

bool WorldState::animating(double now_s) const {
  for (const auto& [id, p] : players_) {
    if (p.move_start_s >= 0 && now_s - p.move_start_s < kMoveSeconds) return true;
  }
  return false;
}

bool WorldState::in_view(uint16_t x, uint16_t y) const {
  const PlayerView* me = self();
  if (!me) return false;
  return std::abs(int(x) - int(me->x)) <= view_ && std::abs(int(y) - int(me->y)) <= view_;
}

}  // namespace iocplab::client
