// frame_pacer.h — when the client's frame loop draws, and how long it sleeps in between.
// The renderer redraws the whole window every frame (under Xvfb the software rasterizer
// took a core at 60 fps), so a frame that would show nothing new is skipped: the loop draws
// when the user acts (and for half a second after, at up to 60 fps), while a player slides
// into its tile (30 fps), when the network delivered something, and every half second for
// the clocks; otherwise it only polls the network, sleeping until input or a short time-out.
#pragma once

namespace iocplab::client {

struct FrameInputs {
  bool input = false;      // an SDL event (key, mouse, window) was handled this loop
  bool changed = false;    // the network delivered something this loop
  bool animating = false;  // a player is still sliding into its tile
  bool focused = true;     // the window has the keyboard focus
  bool visible = true;     // not minimized or hidden
};

class FramePacer {
 public:
  static constexpr double kInteractive = 1.0 / 60;  // the user acts, and kLinger after
  static constexpr double kLinger = 0.5;
  static constexpr double kMoving = 1.0 / 30;       // something slides
  static constexpr double kPoll = 0.05;             // nothing to draw: look at the network again
  static constexpr double kBackground = 0.1;        // no focus: at most 10 draws a second
  static constexpr double kHidden = 0.5;
  static constexpr double kRefresh = 0.5;           // draw at least this often (clocks, fades)

  // Whether this loop draws a frame.
  bool should_draw(double now_s, const FrameInputs& in) {
    if (in.input) last_input_s_ = now_s;
    if (!in.visible) return now_s - last_draw_s_ >= kHidden;
    bool draw = in.input || in.changed || in.animating || now_s - last_input_s_ < kLinger ||
                now_s - last_draw_s_ >= kRefresh;
    if (draw && !in.focused && now_s - last_draw_s_ < kBackground) draw = in.input;
    if (draw) last_draw_s_ = now_s;
    return draw;
  }

  // The longest the loop may sleep (input wakes it earlier) before it looks again.
  double wait(double now_s, const FrameInputs& in) const {
    if (!in.visible) return kHidden;
    if (now_s - last_input_s_ < kLinger) return kInteractive;
    if (!in.focused) return kBackground;
    return in.animating ? kMoving : kPoll;
  }

 private:
  double last_input_s_ = -1e9;
  double last_draw_s_ = -1e9;
};

}  // namespace iocplab::client
