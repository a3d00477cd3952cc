#include "server_flags.h"

#include <charconv>
#include <cstring>
#include <string_view>
#include <thread>

namespace iocplab::app {
namespace {

// The session table addresses at most 2^20 slots (public id = generation << 20 | slot).
constexpr uint64_t kMaxSessionsLimit = 1u << 20;

bool parse_number(std::string_view flag, std::string_view text, uint64_t lo, uint64_t hi,
                  uint64_t* out, std::string* error) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec == std::errc::invalid_argument || end != text.data() + text.size()) {
    *error = std::string(flag) + ": not a number: '" + std::string(text) + "'";
    return false;
  }
  if (ec == std::errc::result_out_of_range || v < lo || v > hi) {
    *error = std::string(flag) + ": " + std::string(text) + " is out of range " + std::to_string(lo) +
             ".." + std::to_string(hi);
    return false;
  }
  *out = v;
  return true;
}

}  // namespace

const char* usage() {
  return "usage: iocplab-server [--port N] [--world N] [--view N] [--db PATH] [--workers N]\n"
         "                      [--max-sessions N] [--send-limit B] [--login-timeout S]\n"
         "                      [--engine epoll|uring] [--hash-memory KIB] [--hash-passes N]\n"
         "                      [--keepalive S]\n"
         "                      [--step]   teaching step mode: an observer can pause the workers\n"
         "                                 and let completions through one by one (docs/STEP.md)\n";
}

bool parse_flags(int argc, const char* const* argv, ServerFlags* out, std::string* error) {
  ServerFlags f;
  unsigned cores = std::thread::hardware_concurrency();
  f.workers = cores ? cores : 1;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view name = arg, value;
    bool has_value = false;
    if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    auto need_value = [&]() {
      if (has_value) return true;
      if (i + 1 >= argc) {
        *error = std::string(name) + ": missing value";
        return false;
      }
      value = argv[++i];
      return true;
    };
    uint64_t n = 0;
    auto number = [&](uint64_t lo, uint64_t hi) {
      return need_value() && parse_number(name, value, lo, hi, &n, error);
    };
    if (name == "--port") {
      if (!number(0, 65535)) return false;
      f.port = static_cast<uint16_t>(n);
    } else if (name == "--world") {
      if (!number(1, 65535)) return false;
      f.world = static_cast<uint16_t>(n);
    } else if (name == "--view") {
      if (!number(0, 65535)) return false;
      f.view = static_cast<uint16_t>(n);
    } else if (name == "--workers") {
      if (!number(1, 1024)) return false;
      f.workers = static_cast<uint32_t>(n);
    } else if (name == "--max-sessions") {
      if (!number(1, kMaxSessionsLimit)) return false;
      f.max_sessions = static_cast<uint32_t>(n);
    } else if (name == "--send-limit") {
      if (!number(4096, UINT32_MAX)) return false;
      f.send_limit = n;
    } else if (name == "--login-timeout") {
      if (!number(1, 86400)) return false;
      f.login_timeout = static_cast<uint32_t>(n);
    } else if (name == "--hash-memory") {
      if (!number(8, 4194304)) return false;
      f.hash_memory = static_cast<uint32_t>(n);
    } else if (name == "--hash-passes") {
      if (!number(1, 16)) return false;
      f.hash_passes = static_cast<uint32_t>(n);
    } else if (name == "--keepalive") {
      if (!number(0, 32767)) return false;
      f.keepalive = static_cast<uint32_t>(n);
    } else if (name == "--db") {
      if (!need_value()) return false;
      if (value.empty()) {
        *error = "--db: empty path";
        return false;
      }
      f.db = std::string(value);
    } else if (name == "--engine") {
      if (!need_value()) return false;
      if (value != "epoll" && value != "uring") {
        *error = "--engine: unknown engine '" + std::string(value) + "' (epoll or uring)";
        return false;
      }
      f.engine = std::string(value);
    } else if (name == "--step") {  // a switch: no value
      if (has_value) {
        *error = "--step: takes no value";
        return false;
      }
      f.step = true;
    } else {
      *error = std::string(name) + ": unknown flag";
      return false;
    }
  }
  *out = f;
  return true;
}

}  // namespace iocplab::app
