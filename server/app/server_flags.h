// server_flags.h — the iocplab-server command line (PROTOCOL.md "Server command line").
#pragma once

#include <cstdint>
#include <string>

namespace iocplab::app {

struct ServerFlags {
  uint16_t port = 9000;
  uint16_t world = 400;
  uint16_t view = 7;
  std::string db = "iocplab.db";
  uint32_t workers = 0;  // 0 until parsed: parse_flags sets the number of cores
  uint32_t max_sessions = 10000;
  uint64_t send_limit = 1048576;
  uint32_t login_timeout = 10;
  std::string engine;  // empty: the platform's default
  // PROTOCOL.md v1.1
  uint32_t hash_memory = 19456;  // KiB
  uint32_t hash_passes = 2;
  uint32_t move_rate = 20;
  uint32_t chat_rate = 5;
  uint32_t login_failures = 5;
  uint32_t lockout = 60;
  uint32_t max_per_address = 0;
  uint32_t keepalive = 60;
  bool step = false;  // --step (teaching): not in PROTOCOL.md, off by default
};

// Parses argv[1..argc). Accepts "--flag value" and "--flag=value". On a bad flag returns
// false and sets *error to one line naming the flag (the caller prints it, exits 2).
bool parse_flags(int argc, const char* const* argv, ServerFlags* out, std::string* error);

// The usage text (for --help).
const char* usage();

}  // namespace iocplab::app
