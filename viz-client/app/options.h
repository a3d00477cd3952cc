// options.h — the command line. Scripts rely on these exact flags:
//   iocplab-client --headless --connect 127.0.0.1:PORT --bots 20 --frames 120 --screenshot out.png
#pragma once

#include <cstdint>
#include <string>

namespace iocplab::client {

struct Options {
  bool headless = false;
  std::string host = "127.0.0.1";
  uint16_t port = 9000;
  bool connect = false;        // --connect given: connect at start
  int bots = 0;
  int frames = 120;            // headless: frames to run after login
  std::string screenshot;      // headless: PNG path
  std::string dump_state;      // JSON with the client's state at the end
  std::string trace;           // headless: Chrome trace JSON of the telemetry at the end
  std::string name;            // default: "student" + a number
  std::string password = "iocplab";
  int width = 1600, height = 900;
  bool no_observe = false;     // do not subscribe to telemetry
  std::string lesson;          // open the Lessons window at this stage ("05")
  bool korean = false;         // lesson texts in Korean (README.ko.md)
  int step_demo = 0;           // headless: step N completions on a --step server first
  bool exit_paused = false;    // headless: with --step N, leave while still paused
  bool flow = false;           // open the flow view (follows our own session)
  std::string font;            // a .ttf instead of fonts-nanum's NanumGothic
};

// Parses argv; on error returns false with a one-line message in *error.
// --help sets *help.
bool parse_options(int argc, char** argv, Options* out, std::string* error, bool* help);
const char* usage_text();

}  // namespace iocplab::client
