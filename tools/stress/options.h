// options.h — the command line of iocplab-stress (scripts rely on it; keep it stable):
//   iocplab-stress [--host 127.0.0.1] [--port 9000] [--max-bots N] [--ramp-ms 10]
//                  [--delay-limit-ms 100] [--duration S] [--name-prefix bot]
//                  [--threads 1] [--server-pid PID] [--hold S] [--move-ms 1000] [--password pw]
//                  [--ports-per-address N]
// Flags take "--flag value" or "--flag=value". Any error is one line naming the flag.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "loopback.h"

namespace iocplab::stress {

struct Options {
  std::string host = "127.0.0.1";
  uint16_t port = 9000;
  uint32_t max_bots = 10000;       // stop the ramp here
  uint32_t ramp_ms = 10;           // a new bot every ramp_ms (0: as fast as connects complete)
  uint32_t delay_limit_ms = 100;   // stop the ramp once a second's average delay reaches this
  uint32_t duration_s = 0;         // whole run at most this long; 0 = no limit
  std::string name_prefix = "bot"; // bot names are <prefix><n>, n from 1
  std::string password = "pw";
  uint32_t threads = 1;            // event-loop threads (1 or 2)
  int server_pid = 0;              // 0: look the server up by its listening port in /proc
  uint32_t hold_s = 3;             // keep the bots this long after the ramp ends
  uint32_t move_ms = 1000;         // each bot sends one CS_MOVE this often
  uint32_t ports_per_address = 0;  // bots per 127.0.0.x source address; 0 = from ip_local_port_range
  Endpoint target;                 // resolved from host and port
};

struct ParsedOptions {
  Options options;
  bool ok = false;
  bool help = false;   // --help / -h: print usage() and exit 0
  std::string error;   // one line naming the flag, when !ok && !help
};

// args: the arguments after the program name.
ParsedOptions parse_options(std::span<const std::string_view> args);
const char* usage();

// Longest --name-prefix: the name field is 20 bytes and n takes up to 7 digits.
constexpr size_t kMaxPrefixLen = 13;

}  // namespace iocplab::stress
