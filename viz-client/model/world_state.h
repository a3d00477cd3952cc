// world_state.h — the client's picture of the world: itself, every player in view,
// chat, and the round-trip time of its own moves. Built only from server frames;
// owned and touched by the UI thread only.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>

#include "net/wire.h"

namespace iocplab::client {

struct PlayerView {
  uint32_t id = 0;
  std::string name;
  uint16_t x = 0, y = 0;            // latest position from the server
  float from_x = 0, from_y = 0;     // where the smooth movement started
  double move_start_s = -1;         // when it started (client seconds)
};

struct ChatLine { double time_s; uint32_t id; std::string name, text; };

class WorldState {
 public:
  static constexpr double kMoveSeconds = 0.15;  // a one-tile step is drawn over this long
  std::string self_name;  // the name we logged in with (the server sends no ADD for us)

  // Applies a server frame; returns false when it is not a world frame or is malformed.
  bool apply(FrameView frame, double now_s, uint32_t now_ms);

  bool logged_in() const { return self_id_ != 0; }
  uint32_t self_id() const { return self_id_; }
  const PlayerView* self() const { return find(self_id_); }
  const PlayerView* find(uint32_t id) const;
  const std::map<uint32_t, PlayerView>& players() const { return players_; }  // self included
  uint16_t world_w() const { return world_w_; }
  uint16_t world_h() const { return world_h_; }
  uint16_t view() const { return view_; }
  std::optional<uint8_t> login_fail() const { return login_fail_; }

  // Smoothly interpolated position for drawing.
  void draw_position(const PlayerView& p, double now_s, float* x, float* y) const;
  // A player is still sliding into its tile (the frame loop draws at full rate meanwhile).
  bool animating(double now_s) const;
  // Is (x, y) inside the view box of the player itself?
  bool in_view(uint16_t x, uint16_t y) const;

  // Round-trip time of own moves: SC_MOVE_PLAYER echoes our client_time.
  std::optional<uint32_t> last_rtt_ms() const { return last_rtt_; }
  const std::deque<float>& rtt_history() const { return rtt_history_; }
  uint32_t moves_echoed() const { return moves_echoed_; }

  const std::deque<ChatLine>& chat() const { return chat_; }
  uint64_t unknown_removes() const { return unknown_removes_; }  // REMOVE for an id we never had
  void reset();

 private:
  void place(PlayerView& p, uint16_t x, uint16_t y, double now_s);

  uint32_t self_id_ = 0;
  uint16_t world_w_ = 0, world_h_ = 0, view_ = 0;
  std::optional<uint8_t> login_fail_;
  std::map<uint32_t, PlayerView> players_;
  std::optional<uint32_t> last_rtt_;
  std::deque<float> rtt_history_;
  uint32_t moves_echoed_ = 0;
  std::deque<ChatLine> chat_;
  uint64_t unknown_removes_ = 0;
};

}  // namespace iocplab::client
