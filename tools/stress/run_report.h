// run_report.h — printing a run: the progress line of each second and the summary that
// ends with final_line(). Pure formatting of figures the coordinator (stress_run) gathered.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "bot_loop.h"
#include "cpu_meter.h"
#include "delay_histogram.h"
#include "held_tracker.h"
#include "report.h"

namespace iocplab::stress {

// CPU use measured at one tick.
struct CpuSecond {
  CpuSample tool, server, machine;
};

// The averages of seconds[from..] (what saturation_verdict judges); tool_threads,
// server_threads, machine_cores and limit_reached are left for the caller.
CpuFigures average_cpu(const std::vector<CpuSecond>& seconds, size_t from);

// "[  12s] bots 1200 connected, 1198 logged in | delay avg ... | cpu tool 18%, ..."
void print_progress(std::FILE* out, uint64_t second, const LoopWindow& w, const LoopCounters& prev,
                    bool over_limit, const CpuSecond& cpu);

struct RunSummary {
  std::string ramp_end;           // why the ramp stopped (or the run ended)
  bool limit_reached = false;
  DelayHistogram peak_window;     // the second that reached the limit
  DelayHistogram all;             // every echo of the run
  LoopWindow last;                // final counts
  std::string first_error;        // first connect error, "" if none
  CpuFigures cpu;
  uint32_t limit_ms = 0;
};

// The summary; its last line is final_line(held...).
void print_summary(std::FILE* out, const RunSummary& s, const HeldTracker& held);

}  // namespace iocplab::stress
