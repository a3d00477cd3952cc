#include "run_report.h"

namespace iocplab::stress {
namespace {

using ull = unsigned long long;

std::string percent(double cores) { return std::to_string(int(cores * 100 + 0.5)) + "%"; }

std::string ms(uint64_t us) { return format_ms(double(us)); }

}  // namespace

CpuFigures average_cpu(const std::vector<CpuSecond>& seconds, size_t from) {
  CpuFigures f;
  size_t n = 0, n_server = 0, n_machine = 0;
  for (size_t i = from; i < seconds.size(); ++i) {
    const CpuSecond& s = seconds[i];
    if (s.tool.known) {
      f.tool_cores += s.tool.cores;
      ++n;
    }
    if (s.server.known) {
      f.server_cores += s.server.cores;
      ++n_server;
    }
    if (s.machine.known) {
      f.machine_busy_cores += s.machine.cores;
      ++n_machine;
    }
  }
  if (n) f.tool_cores /= double(n);
  if (n_server) {
    f.server_cores /= double(n_server);
    f.server_known = true;
  }
  if (n_machine) {
    f.machine_busy_cores /= double(n_machine);
    f.machine_known = true;
  }
  return f;
}

void print_progress(std::FILE* out, uint64_t second, const LoopWindow& w, const LoopCounters& prev,
                    bool over_limit, const CpuSecond& cpu) {
  const LoopCounters& c = w.totals;
  std::string cpu_text = "cpu tool " + percent(cpu.tool.cores);
  if (cpu.server.known) cpu_text += ", server " + percent(cpu.server.cores);
  if (cpu.machine.known) cpu_text += ", machine " + percent(cpu.machine.cores);
  std::fprintf(out,
               "[%4llus] bots %u connected, %u logged in | delay avg %s ms, p99 %s ms%s | "
               "moves %llu/s, echoes %llu/s, frames in %llu/s | errors %llu | %s\n",
               ull(second), w.online + w.logging_in, w.online, format_ms(w.delays.mean_us()).c_str(),
               ms(w.delays.percentile_us(0.99)).c_str(), over_limit ? " OVER" : "",
               ull(c.moves_sent - prev.moves_sent), ull(c.echoes - prev.echoes), ull(c.frames_in - prev.frames_in),
               ull(c.errors()), cpu_text.c_str());
  std::fflush(out);
}

void print_summary(std::FILE* out, const RunSummary& s, const HeldTracker& held) {
  const LoopCounters& c = s.last.totals;
  const DelayHistogram& all = s.all;
  std::fprintf(out, "--- summary ---\n%s\n", s.ramp_end.c_str());
  if (s.limit_reached)
    std::fprintf(out, "delay in the second that reached the limit: avg %s ms, p99 %s ms\n",
                 format_ms(s.peak_window.mean_us()).c_str(), ms(s.peak_window.percentile_us(0.99)).c_str());
  std::fprintf(out, "delay over the whole run (%llu echoes): p50 %s ms, p90 %s ms, p99 %s ms, max %s ms\n",
               ull(all.count()), ms(all.percentile_us(0.5)).c_str(), ms(all.percentile_us(0.9)).c_str(),
               ms(all.percentile_us(0.99)).c_str(), ms(all.max_us()).c_str());
  std::fprintf(out, "held: %u bots with the average delay under %u ms (%llu echoes in those seconds)\n",
               held.held_bots(), s.limit_ms, ull(held.held_delays().count()));
  uint64_t refused = 0;
  for (uint64_t f : c.login_fail) refused += f;
  std::fprintf(out,
               "bots: %llu started, %llu logged in, %u online at the end | errors: connect %llu, login refused %llu "
               "(wrong password %llu, already online %llu, server full %llu, invalid %llu, name locked %llu, "
               "store error %llu), closed by server %llu, "
               "login timeouts %llu, bad frames %llu, moves not sent (socket full) %llu\n",
               ull(c.connects), ull(c.logins), s.last.online, ull(c.connect_errors), ull(refused),
               ull(c.login_fail[1]), ull(c.login_fail[2]), ull(c.login_fail[3]), ull(c.login_fail[4]),
               ull(c.login_fail[5]), ull(c.login_fail[6]),
               ull(c.closed_by_server), ull(c.login_timeouts), ull(c.protocol_errors), ull(c.moves_blocked));
  std::fprintf(out, "traffic: %llu frames in (%llu bytes), %llu moves sent, %llu own echoes\n", ull(c.frames_in),
               ull(c.bytes_in), ull(c.moves_sent), ull(c.echoes));
  if (!s.first_error.empty()) std::fprintf(out, "first connect error: %s\n", s.first_error.c_str());
  if (c.logins > 0)
    std::fprintf(out, "saturation: %s\n", saturation_verdict(s.cpu).c_str());
  else
    std::fprintf(out, "saturation: not judged, no bot logged in\n");
  std::fprintf(out, "%s\n", final_line(held.held_bots(), held.held_delays(), s.limit_ms).c_str());
  std::fflush(out);
}

}  // namespace iocplab::stress
