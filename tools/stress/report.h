// report.h — the text the tool prints: the per-second progress line, the summary, the
// saturation verdict and the last line scripts parse:
//   held N bots, avg X ms, p99 Y ms, limit Z ms
#pragma once

#include <cstdint>
#include <string>

#include "delay_histogram.h"

namespace iocplab::stress {

// Microseconds as milliseconds with one decimal: 12345 -> "12.3".
std::string format_ms(double us);

// The last line. X and Y are the held windows' average and p99 (0.0 when nothing held).
std::string final_line(uint32_t held_bots, const DelayHistogram& held_delays, uint32_t limit_ms);

struct CpuFigures {
  double tool_cores = 0;     // averaged over the seconds judged
  uint32_t tool_threads = 1; // event-loop threads: the most cores the tool can use
  bool server_known = false;
  double server_cores = 0;
  int server_threads = 0;    // 0 when unknown
  int machine_cores = 1;
  bool machine_known = false;
  double machine_busy_cores = 0;  // every process on the machine, the two above included
  bool limit_reached = false;  // did a second's average delay reach the limit?
};

// One line starting with "tool-bound", "server-bound", "machine-bound" or "neither",
// followed by the figures it is based on. Tool-bound when the tool used more than 90% of
// the cores its threads can use; server-bound when the server used more than 90% of the
// cores it can use (its threads, at most the machine's); machine-bound when the two
// together used more than 90% of the machine, or the machine as a whole (other programs
// included) was more than 90% busy.
std::string saturation_verdict(const CpuFigures& f);

}  // namespace iocplab::stress
