// cpu_meter.h — CPU time used by this tool and by the server process, turned into
// "cores busy" over each interval. The counters come from /proc and getrusage on Linux
// (cpu_meter_linux.cpp), from GetProcessTimes/GetSystemTimes on Windows (cpu_meter_windows.cpp).
#pragma once

#include <cstdint>
#include <optional>

namespace iocplab::stress {

struct CpuSample {
  double cores = 0;     // CPU seconds used per wall second over the interval
  bool known = false;   // false when the process could not be read
};

class CpuMeter {
 public:
  // server_pid 0: no server measurement.
  explicit CpuMeter(int server_pid);

  // CPU use since the previous call (or since construction).
  CpuSample tool();
  CpuSample server();
  CpuSample machine();  // every process on the machine (/proc/stat), in cores
  int server_threads() const { return server_threads_; }
  int server_pid() const { return server_pid_; }

 private:
  int server_pid_;
  int server_threads_ = 0;
  uint64_t last_tool_us_ = 0, last_tool_wall_us_ = 0;
  uint64_t last_server_ticks_ = 0, last_server_wall_us_ = 0;
  bool server_started_ = false;
  uint64_t last_machine_busy_ = 0, last_machine_total_ = 0;
};

// The pid of the process that has a TCP socket listening on `port` (found through
// /proc/net/tcp{,6} and /proc/<pid>/fd; on Windows the TCP listener table), or 0 when
// none is visible to us.
int find_listening_pid(uint16_t port);

// Busy and total time of all CPUs together, in ticks (the first line of /proc/stat).
bool machine_cpu_jiffies(uint64_t* busy, uint64_t* total);

// CPUs this process may run on.
int available_cores();

// CPU ticks (utime + stime) and thread count of a process, from /proc/<pid>/stat.
std::optional<uint64_t> process_cpu_ticks(int pid, int* threads);
double cpu_tick_us();   // microseconds per tick of process_cpu_ticks
uint64_t self_cpu_us(); // this process's user + system CPU time
int online_cpus();      // CPUs in the machine (machine_cpu_jiffies covers them all)

}  // namespace iocplab::stress
