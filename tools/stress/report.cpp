#include "report.h"

#include <algorithm>
#include <cstdio>

namespace iocplab::stress {

std::string format_ms(double us) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", us / 1000.0);
  return buf;
}

std::string final_line(uint32_t held_bots, const DelayHistogram& held_delays, uint32_t limit_ms) {
  double avg = held_bots ? held_delays.mean_us() : 0.0;
  double p99 = held_bots ? double(held_delays.percentile_us(0.99)) : 0.0;
  return "held " + std::to_string(held_bots) + " bots, avg " + format_ms(avg) + " ms, p99 " +
         format_ms(p99) + " ms, limit " + std::to_string(limit_ms) + " ms";
}

std::string saturation_verdict(const CpuFigures& f) {
  char buf[512];
  const int machine = std::max(1, f.machine_cores);
  const double tool_cap = std::min<double>(std::max(1u, f.tool_threads), machine);
  const double server_cap =
      f.server_threads > 0 ? std::min<double>(f.server_threads, machine) : double(machine);
  char figures[320], server_part[96], machine_part[96];
  if (f.server_known)
    std::snprintf(server_part, sizeof server_part, "server %.2f of %.0f core(s)", f.server_cores, server_cap);
  else
    std::snprintf(server_part, sizeof server_part, "server unknown (give --server-pid)");
  if (f.machine_known)
    std::snprintf(machine_part, sizeof machine_part, "machine %.2f of %d core(s) busy", f.machine_busy_cores, machine);
  else
    std::snprintf(machine_part, sizeof machine_part, "machine %d core(s)", machine);
  std::snprintf(figures, sizeof figures, "tool %.2f of %.0f core(s), %s, %s", f.tool_cores, tool_cap, server_part,
                machine_part);
  const bool machine_full = (f.server_known && f.tool_cores + f.server_cores > 0.9 * machine) ||
                            (f.machine_known && f.machine_busy_cores > 0.9 * machine);
  if (f.tool_cores > 0.9 * tool_cap) {
    std::snprintf(buf, sizeof buf,
                  "tool-bound: the tool itself was at its limit (%s); the figures understate the "
                  "server, try --threads 2",
                  figures);
  } else if (f.server_known && f.server_cores > 0.9 * server_cap) {
    std::snprintf(buf, sizeof buf, "server-bound: the server used all the CPU it can (%s)", figures);
  } else if (machine_full) {
    std::snprintf(buf, sizeof buf,
                  "machine-bound: the machine's CPUs were full, tool and server (and any other "
                  "programs) competing for them (%s)",
                  figures);
  } else if (!f.limit_reached) {
    std::snprintf(buf, sizeof buf, "neither: the delay limit was not reached (%s)", figures);
  } else {
    std::snprintf(buf, sizeof buf,
                  "neither side was CPU-bound (%s): the delay comes from elsewhere "
                  "(locks, a busy thread, the database, scheduling)",
                  figures);
  }
  return buf;
}

}  // namespace iocplab::stress
