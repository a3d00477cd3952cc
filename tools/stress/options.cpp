#include "options.h"

#include <charconv>
#include <optional>

namespace iocplab::stress {
namespace {

struct Flag {
  std::string_view name;
  std::string_view value;
};

// Unsigned decimal in [lo, hi]; otherwise an error naming the flag.
bool parse_uint(const Flag& f, uint64_t lo, uint64_t hi, uint64_t* out, std::string* error) {
  uint64_t v = 0;
  const char* first = f.value.data();
  const char* last = first + f.value.size();
  auto [ptr, ec] = std::from_chars(first, last, v);
  if (f.value.empty() || ec == std::errc::invalid_argument || ptr != last) {
    *error = std::string(f.name) + ": '" + std::string(f.value) + "' is not a number";
    return false;
  }
  if (ec == std::errc::result_out_of_range || v < lo || v > hi) {
    *error = std::string(f.name) + ": " + std::string(f.value) + " is out of range " +
             std::to_string(lo) + ".." + std::to_string(hi);
    return false;
  }
  *out = v;
  return true;
}

template <class T>
bool parse_into(const Flag& f, uint64_t lo, uint64_t hi, T* out, std::string* error) {
  uint64_t v = 0;
  if (!parse_uint(f, lo, hi, &v, error)) return false;
  *out = static_cast<T>(v);
  return true;
}

// A printable ASCII prefix without spaces, so every bot name is a valid, distinct name.
bool valid_prefix(std::string_view p) {
  if (p.empty() || p.size() > kMaxPrefixLen) return false;
  for (char c : p)
    if (c <= ' ' || c > '~') return false;
  return true;
}

bool valid_password(std::string_view p) {
  if (p.empty() || p.size() > 20) return false;
  for (char c : p)
    if (c == '\0') return false;
  return true;
}

}  // namespace

const char* usage() {
  return "usage: iocplab-stress [--host 127.0.0.1] [--port 9000] [--max-bots N] [--ramp-ms 10]\n"
         "                      [--delay-limit-ms 100] [--duration S] [--name-prefix bot]\n"
         "                      [--threads 1|2] [--server-pid PID] [--hold S] [--move-ms 1000]\n"
         "                      [--password pw] [--ports-per-address N]\n"
         "Ramps up bots (a new one every --ramp-ms) that log in and send one CS_MOVE every\n"
         "--move-ms, until a second's average echo delay reaches --delay-limit-ms or\n"
         "--max-bots are in, holds --hold seconds, then prints a summary whose last line is\n"
         "  held N bots, avg X ms, p99 Y ms, limit Z ms\n"
         "Loopback targets only (127.0.0.0/8, ::1). See docs/STRESS.md.\n";
}

ParsedOptions parse_options(std::span<const std::string_view> args) {
  ParsedOptions r;
  Options& o = r.options;
  std::string& err = r.error;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      r.help = true;
      return r;
    }
    if (arg.substr(0, 2) != "--" || arg.size() == 2) {
      err = "unexpected argument '" + std::string(arg) + "' (flags start with --)";
      return r;
    }
    Flag f;
    std::optional<std::string_view> inline_value;
    if (size_t eq = arg.find('='); eq != std::string_view::npos) {
      f.name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    } else {
      f.name = arg;
    }
    static constexpr std::string_view kKnown[] = {
        "--host", "--port", "--max-bots", "--ramp-ms", "--delay-limit-ms", "--duration",
        "--name-prefix", "--password", "--threads", "--server-pid", "--hold", "--move-ms",
        "--ports-per-address"};
    bool known = false;
    for (auto k : kKnown) known = known || k == f.name;
    if (!known) {
      err = "unknown flag '" + std::string(f.name) + "'";
      return r;
    }
    if (inline_value) {
      f.value = *inline_value;
    } else if (i + 1 < args.size()) {
      f.value = args[++i];
    } else {
      err = std::string(f.name) + ": missing value";
      return r;
    }

    bool good = true;
    if (f.name == "--host") {
      if (f.value.empty()) {
        err = "--host: missing value";
        good = false;
      } else {
        o.host = std::string(f.value);
      }
    } else if (f.name == "--port") {
      good = parse_into(f, 1, 65535, &o.port, &err);
    } else if (f.name == "--max-bots") {
      good = parse_into(f, 1, 1'000'000, &o.max_bots, &err);
    } else if (f.name == "--ramp-ms") {
      good = parse_into(f, 0, 60'000, &o.ramp_ms, &err);
    } else if (f.name == "--delay-limit-ms") {
      good = parse_into(f, 1, 600'000, &o.delay_limit_ms, &err);
    } else if (f.name == "--duration") {
      good = parse_into(f, 1, 86'400, &o.duration_s, &err);
    } else if (f.name == "--name-prefix") {
      if (!valid_prefix(f.value)) {
        err = "--name-prefix: '" + std::string(f.value) + "' must be 1.." + std::to_string(kMaxPrefixLen) +
              " printable ASCII characters without spaces";
        good = false;
      } else {
        o.name_prefix = std::string(f.value);
      }
    } else if (f.name == "--password") {
      if (!valid_password(f.value)) {
        err = "--password: must be 1..20 bytes";
        good = false;
      } else {
        o.password = std::string(f.value);
      }
    } else if (f.name == "--threads") {
      good = parse_into(f, 1, 2, &o.threads, &err);
    } else if (f.name == "--server-pid") {
      good = parse_into(f, 1, 4'194'304, &o.server_pid, &err);
    } else if (f.name == "--hold") {
      good = parse_into(f, 0, 3600, &o.hold_s, &err);
    } else if (f.name == "--move-ms") {
      good = parse_into(f, 10, 60'000, &o.move_ms, &err);
    } else if (f.name == "--ports-per-address") {
      good = parse_into(f, 1, 65'535, &o.ports_per_address, &err);
    }
    if (!good) return r;
  }
  std::string why;
  auto ep = loopback_endpoint(o.host, o.port, &why);
  if (!ep) {
    err = "--host: '" + o.host + "' is " + why;
    return r;
  }
  o.target = *ep;
  r.ok = true;
  return r;
}

}  // namespace iocplab::stress
