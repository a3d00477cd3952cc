// cpu_meter.cpp — "cores busy" over each interval, from the system's CPU counters
// (cpu_meter_linux.cpp or cpu_meter_windows.cpp).
#include "cpu_meter.h"

#include <chrono>

namespace iocplab::stress {
namespace {

uint64_t wall_us() {
  using namespace std::chrono;
  return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

CpuMeter::CpuMeter(int server_pid) : server_pid_(server_pid) {
  last_tool_us_ = self_cpu_us();
  last_tool_wall_us_ = wall_us();
  machine_cpu_jiffies(&last_machine_busy_, &last_machine_total_);
  if (server_pid_ > 0) {
    if (auto t = process_cpu_ticks(server_pid_, &server_threads_)) {
      last_server_ticks_ = *t;
      last_server_wall_us_ = wall_us();
      server_started_ = true;
    }
  }
}

CpuSample CpuMeter::tool() {
  uint64_t cpu = self_cpu_us(), wall = wall_us();
  CpuSample s;
  if (wall > last_tool_wall_us_) {
    s.cores = double(cpu - last_tool_us_) / double(wall - last_tool_wall_us_);
    s.known = true;
  }
  last_tool_us_ = cpu;
  last_tool_wall_us_ = wall;
  return s;
}

CpuSample CpuMeter::server() {
  CpuSample s;
  if (server_pid_ <= 0) return s;
  auto ticks = process_cpu_ticks(server_pid_, &server_threads_);
  uint64_t wall = wall_us();
  if (!ticks) return s;
  if (server_started_ && wall > last_server_wall_us_) {
    double per_tick_us = cpu_tick_us();
    s.cores = double(*ticks - last_server_ticks_) * per_tick_us / double(wall - last_server_wall_us_);
    s.known = true;
  }
  last_server_ticks_ = *ticks;
  last_server_wall_us_ = wall;
  server_started_ = true;
  return s;
}

CpuSample CpuMeter::machine() {
  CpuSample s;
  uint64_t busy = 0, total = 0;
  if (!machine_cpu_jiffies(&busy, &total)) return s;
  if (total > last_machine_total_ && last_machine_total_ != 0) {
    s.cores = double(busy - last_machine_busy_) / double(total - last_machine_total_) * double(online_cpus());
    s.known = true;
  }
  last_machine_busy_ = busy;
  last_machine_total_ = total;
  return s;
}

}  // namespace iocplab::stress
