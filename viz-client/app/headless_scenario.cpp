#include "headless_scenario.h"

#include <string>

namespace iocplab::client {

static void select_latest(AppState& app, uint8_t type) {
  for (size_t i = app.packets.size(); i-- > 0;) {
    if (app.packets.at(i).type == type) { app.selected_packet = app.packets.at(i).number; return; }
  }
}

constexpr double kLoginTimeout = 10, kBotsTimeout = 20, kSettleQuiet = 0.4, kSettleTimeout = 5, kStepTimeout = 10;

const char* HeadlessScenario::phase() const {
  switch (phase_) {
    case Phase::Login: return "login";
    case Phase::Bots: return "bots";
    case Phase::Step: return "step";
    case Phase::Play: return "play";
    case Phase::Settle: return "settle";
  }
  return "?";
}

HeadlessScenario::Step HeadlessScenario::step(AppState& app, double now) {
  if (phase_start_ < 0) phase_start_ = now;
  double in_phase = now - phase_start_;
  auto next = [&](Phase p) { phase_ = p; phase_start_ = now; };

  switch (phase_) {
    case Phase::Login:
      if (app.in_game()) { next(Phase::Bots); break; }
      if (app.link == LinkState::Failed) { failure_ = app.status; return Step::Failed; }
      if (app.link == LinkState::Idle) { failure_ = "disconnected before login: " + app.status; return Step::Failed; }
      if (in_phase > kLoginTimeout) { failure_ = "no SC_LOGIN_OK within 10 s"; return Step::Failed; }
      break;
    case Phase::Bots:
      // Bots log in where the server spawns them, then hurry to the player.
      if ((app.bots.logged_in() >= app.bots_wanted && app.bots.near_home() >= app.bots_wanted * 4 / 5) ||
          in_phase > kBotsTimeout) {
        next(step_n_ > 0 ? Phase::Step : Phase::Play);
      }
      break;
    case Phase::Step: {
      // Pause, then one Step at a time: the next goes only after the previous one's DONE.
      const StepView& sv = app.step;
      if (in_phase > kStepTimeout) {
        failure_ = sv.available() ? "step mode: no progress within 10 s (" + std::to_string(steps_sent_) + " of " +
                                        std::to_string(step_n_) + " steps)"
                                  : "the server has no step mode (start it with --step)";
        return Step::Failed;
      }
      if (!sv.available()) break;
      if (!pause_sent_) {
        app.step_control(1);
        pause_sent_ = true;
        break;
      }
      if (!sv.paused()) break;
      uint64_t done = sv.done_seen();
      if (steps_sent_ > 0 && done < done_before_ + 1) break;  // the last step's DONE is not back yet
      if (steps_sent_ == step_n_) {
        if (exit_paused_) return Step::Capture;  // leave while paused: the server must let go
        app.step_control(0);
        next(Phase::Play);
        break;
      }
      if (sv.waiting().empty()) break;  // nothing held yet (the bots keep the workers busy)
      done_before_ = done;
      app.step_control(2, 1);
      ++steps_sent_;
      phase_start_ = now;  // each step gets its own time-out
      break;
    }
    case Phase::Play: {
      // The player walks a small square (right, down, left, up), a step every 10 frames:
      // the first third plainly, the second third fragmented, the last third coalesced
      // (with one burst of four moves), so the Reassembly view shows every case.
      static const uint8_t square[] = {3, 3, 1, 1, 2, 2, 0, 0};
      int third = frames_ / 3;
      if (played_ == third) app.connection.set_fragment(true);
      if (played_ == 2 * third) {
        app.connection.set_fragment(false);
        app.connection.set_coalesce(true);
      }
      // Lesson servers (logged in without telemetry) count CS_CHAT as a violation: no chat there.
      if (played_ == frames_ / 2 && app.observe) app.chat("안녕하세요! hello from the headless run");
      if (played_ == 2 * third + 3) {
        for (uint8_t d : {3, 1, 2, 0}) app.move(d);
      } else if (played_ % 10 == 5) {
        app.move(square[(played_ / 10) % 8]);
      }
      if (!app.in_game()) { failure_ = "lost the connection while playing: " + app.status; return Step::Failed; }
      if (++played_ >= frames_) {
        app.connection.set_coalesce(false);
        app.bots.set_moving(false);
        next(Phase::Settle);
      }
      break;
    }
    case Phase::Settle: {
      // Done when our moves and the bots' are all echoed and the world has been quiet for a moment
      // (so the picture shows settled positions that the server also has).
      bool echoed = app.world.moves_echoed() >= app.moves_sent && app.bots.moves_in_flight() == 0;
      bool quiet = now - app.last_world_frame_s >= kSettleQuiet;
      if ((echoed && quiet && in_phase >= kSettleQuiet) || in_phase > kSettleTimeout) {
        select_latest(app, SC_MOVE_PLAYER);  // so the hex view shows a frame
        if (app.show_flow) app.flow.show_newest_handled_complete();  // a whole journey in the picture
        return Step::Capture;
      }
      break;
    }
  }
  return Step::Run;
}

}  // namespace iocplab::client
