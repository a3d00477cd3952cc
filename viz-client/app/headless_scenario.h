// headless_scenario.h — the scripted run behind --headless: wait for the login, let the
// bots log in, run N frames with everyone moving, stop the movement and let it settle,
// then take the screenshot. step() is called once per frame and never blocks.
#pragma once

#include <string>

#include "app/app_state.h"

namespace iocplab::client {

class HeadlessScenario {
 public:
  enum class Step { Run, Capture, Failed };
  explicit HeadlessScenario(int frames) : frames_(frames) {}
  // --step N [--exit-paused]: before playing, pause the server (it must run with --step),
  // let N completions through one at a time, each confirmed by its SC_STEP_DONE, then Run
  // (or, with exit_paused, take the screenshot while still paused and leave).
  void set_step_demo(int n, bool exit_paused) { step_n_ = n; exit_paused_ = exit_paused; }
  int steps_sent() const { return steps_sent_; }
  Step step(AppState& app, double now_s);
  const std::string& failure() const { return failure_; }
  const char* phase() const;

 private:
  enum class Phase { Login, Bots, Step, Play, Settle } phase_ = Phase::Login;
  int step_n_ = 0, steps_sent_ = 0;
  bool exit_paused_ = false, pause_sent_ = false;
  uint64_t done_before_ = 0;
  int frames_, played_ = 0;
  double phase_start_ = -1;
  std::string failure_;
};

}  // namespace iocplab::client
