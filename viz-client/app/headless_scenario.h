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
  Step step(AppState& app, double now_s);
  const std::string& failure() const { return failure_; }
  const char* phase() const;

 private:
  enum class Phase { Login, Bots, Play, Settle } phase_ = Phase::Login;
  int frames_, played_ = 0;
  double phase_start_ = -1;
  std::string failure_;
};

}  // namespace iocplab::client
