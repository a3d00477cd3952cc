// clock.h — one monotonic time base for the whole client (seconds since start), so
// packet times, movement and telemetry line up.
#pragma once

#include <chrono>
#include <cstdint>

namespace iocplab::client {

inline std::chrono::steady_clock::time_point client_epoch() {
  static const auto epoch = std::chrono::steady_clock::now();
  return epoch;
}
inline double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - client_epoch()).count();
}
// Milliseconds for CS_MOVE client_time (wraps after 49 days; RTT math is unsigned).
inline uint32_t now_ms() { return static_cast<uint32_t>(now_s() * 1000.0); }

}  // namespace iocplab::client
