#include "stress_run.h"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bot_loop.h"
#include "cpu_meter.h"
#include "held_tracker.h"
#include "loopback.h"
#include "report.h"
#include "run_clock.h"

namespace iocplab::stress {
namespace {

constexpr uint64_t kSecondUs = 1'000'000;
constexpr uint32_t kFdReserve = 64;  // descriptors kept for everything but the bots

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

struct Second {
  double tool_cores = 0, server_cores = 0, machine_cores = 0;
  bool server_known = false, machine_known = false;
};

}  // namespace

void interrupt_run() { g_interrupted.store(true); }

uint64_t raise_fd_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return 1024;
  if (rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
  }
  return rl.rlim_cur == RLIM_INFINITY ? uint64_t(1) << 20 : uint64_t(rl.rlim_cur);
}

int run_stress(const Options& given, std::FILE* out, std::FILE* err) {
  Options opt = given;
  uint64_t fds = raise_fd_limit();
  if (fds > kFdReserve && opt.max_bots > fds - kFdReserve) {
    opt.max_bots = uint32_t(fds - kFdReserve);
    std::fprintf(err, "iocplab-stress: --max-bots lowered to %u by the open-file limit (ulimit -Hn %llu)\n",
                 opt.max_bots, (unsigned long long)fds);
  }
  int server_pid = opt.server_pid ? opt.server_pid : find_listening_pid(opt.port);
  if (!opt.server_pid && !server_pid)
    std::fprintf(err, "iocplab-stress: no process listening on port %u found in /proc; server CPU unknown\n",
                 unsigned(opt.port));
  if (opt.server_pid && !process_cpu_ticks(opt.server_pid, nullptr))
    std::fprintf(err, "iocplab-stress: --server-pid %d: cannot read /proc/%d/stat; server CPU unknown\n",
                 opt.server_pid, opt.server_pid);
  const uint32_t per_address = opt.ports_per_address ? opt.ports_per_address : ports_per_source_address();
  const uint64_t limit_us = uint64_t(opt.delay_limit_ms) * 1000;
  const int machine_cores = available_cores();

  std::fprintf(out, "iocplab-stress: %s port %u, up to %u bots, a new one every %u ms, limit %u ms, %u thread(s)%s\n",
               opt.host.c_str(), unsigned(opt.port), opt.max_bots, opt.ramp_ms, opt.delay_limit_ms,
               opt.threads, server_pid ? (", server pid " + std::to_string(server_pid)).c_str() : "");
  std::fflush(out);

  RunClock clock;
  CpuMeter cpu(server_pid);
  std::vector<std::unique_ptr<BotLoop>> loops;
  for (uint32_t i = 0; i < opt.threads; ++i) {
    loops.push_back(std::make_unique<BotLoop>(opt, i, opt.threads, clock, per_address));
    if (!loops.back()->ok()) {
      std::fprintf(err, "iocplab-stress: epoll_create1 failed\n");
      return 1;
    }
  }
  std::vector<std::thread> threads;
  for (auto& l : loops) threads.emplace_back([&l] { l->run(); });

  HeldTracker held(limit_us);
  DelayHistogram peak_window;  // the window that ended the ramp
  std::vector<Second> seconds;
  LoopCounters prev;
  uint32_t prev_online = 0;
  bool ramping = true, limit_reached = false, unreachable = false;
  size_t ramp_end_second = 0;
  uint64_t hold_until = UINT64_MAX;
  std::string ramp_end;

  for (uint64_t tick = kSecondUs;; tick += kSecondUs) {
    std::this_thread::sleep_until(clock.at(tick));
    LoopWindow w;
    w.ramp_done = true;
    for (auto& l : loops) l->take_window(limit_us, &w);
    Second s;
    CpuSample tool = cpu.tool(), server = cpu.server(), busy = cpu.machine();
    s.machine_cores = busy.cores;
    s.machine_known = busy.known;
    s.tool_cores = tool.cores;
    s.server_cores = server.cores;
    s.server_known = server.known;
    seconds.push_back(s);

    WindowVerdict v = held.add_window(prev_online, w.online, w.delays);
    const LoopCounters& c = w.totals;
    std::string cpu_text = "cpu tool " + std::to_string(int(tool.cores * 100 + 0.5)) + "%";
    if (server.known) cpu_text += ", server " + std::to_string(int(server.cores * 100 + 0.5)) + "%";
    if (busy.known) cpu_text += ", machine " + std::to_string(int(busy.cores * 100 + 0.5)) + "%";
    std::fprintf(out,
                 "[%4llus] bots %u connected, %u logged in | delay avg %s ms, p99 %s ms%s | "
                 "moves %llu/s, echoes %llu/s, frames in %llu/s | errors %llu | %s\n",
                 (unsigned long long)(tick / kSecondUs), w.online + w.logging_in, w.online,
                 format_ms(w.delays.mean_us()).c_str(), format_ms(double(w.delays.percentile_us(0.99))).c_str(),
                 v == WindowVerdict::Over ? " OVER" : "",
                 (unsigned long long)(c.moves_sent - prev.moves_sent),
                 (unsigned long long)(c.echoes - prev.echoes),
                 (unsigned long long)(c.frames_in - prev.frames_in), (unsigned long long)c.errors(),
                 cpu_text.c_str());
    std::fflush(out);

    if (ramping) {
      std::string why;
      if (v == WindowVerdict::Over) {
        limit_reached = true;
        peak_window = w.delays;
        why = "average delay " + format_ms(w.delays.mean_us()) + " ms reached the limit " +
              std::to_string(opt.delay_limit_ms) + " ms with " + std::to_string(w.online) + " bots online";
      } else if (c.login_fail[3] > 0) {
        why = "the server is full (SC_LOGIN_FAIL 3: raise its --max-sessions)";
      } else if (c.fd_exhausted) {
        why = "the tool ran out of file descriptors (ulimit -Hn)";
      } else if (w.ramp_done && w.connecting == 0) {
        why = "all " + std::to_string(opt.max_bots) + " bots (--max-bots) were started";
      }
      if (c.logins == 0 && w.connecting == 0 && c.connects > 0 && c.connect_errors == c.connects) {
        unreachable = true;
        why = "no bot could connect";
      }
      if (!why.empty()) {
        ramping = false;
        ramp_end = "ramp ended at " + std::to_string(tick / kSecondUs) + " s: " + why;
        ramp_end_second = seconds.size() - 1;
        for (auto& l : loops) l->stop_ramp();
        hold_until = unreachable ? tick : tick + uint64_t(opt.hold_s) * kSecondUs;
      }
    }
    prev = c;
    prev_online = w.online;
    if (tick >= hold_until) break;
    if (g_interrupted.load()) {
      if (ramping) ramp_end_second = seconds.size() - 1;
      ramp_end = (ramping ? "" : ramp_end + "; ") + "interrupted at " + std::to_string(tick / kSecondUs) + " s";
      break;
    }
    if (opt.duration_s && tick >= uint64_t(opt.duration_s) * kSecondUs) {
      if (ramping) {
        ramp_end = "the run ended at --duration " + std::to_string(opt.duration_s) + " s while still ramping";
        ramp_end_second = seconds.size() - 1;
      }
      break;
    }
  }

  for (auto& l : loops) l->request_stop();
  for (auto& t : threads) t.join();
  LoopWindow last;  // the final counts, including what arrived after the last tick
  for (auto& l : loops) l->take_window(limit_us, &last);
  DelayHistogram all;
  std::string first_error;
  for (auto& l : loops) {
    all.merge(l->all_delays());
    if (first_error.empty()) first_error = l->first_error();
  }

  // Saturation: the seconds from just before the ramp ended to the end of the run.
  size_t from = ramp_end_second >= 2 ? ramp_end_second - 2 : 0;
  CpuFigures f;
  f.tool_threads = opt.threads;
  f.machine_cores = machine_cores;
  f.server_threads = cpu.server_threads();
  f.limit_reached = limit_reached;
  size_t n = 0, n_server = 0, n_machine = 0;
  for (size_t i = from; i < seconds.size(); ++i, ++n) {
    f.tool_cores += seconds[i].tool_cores;
    if (seconds[i].machine_known) {
      f.machine_busy_cores += seconds[i].machine_cores;
      ++n_machine;
    }
    if (seconds[i].server_known) {
      f.server_cores += seconds[i].server_cores;
      ++n_server;
    }
  }
  if (n) f.tool_cores /= double(n);
  if (n_machine) {
    f.machine_busy_cores /= double(n_machine);
    f.machine_known = true;
  }
  if (n_server) {
    f.server_cores /= double(n_server);
    f.server_known = true;
  }

  const LoopCounters& c = last.totals;
  std::fprintf(out, "--- summary ---\n");
  std::fprintf(out, "%s\n", ramp_end.c_str());
  if (limit_reached)
    std::fprintf(out, "delay in the second that reached the limit: avg %s ms, p99 %s ms\n",
                 format_ms(peak_window.mean_us()).c_str(), format_ms(double(peak_window.percentile_us(0.99))).c_str());
  std::fprintf(out, "delay over the whole run (%llu echoes): p50 %s ms, p90 %s ms, p99 %s ms, max %s ms\n",
               (unsigned long long)all.count(), format_ms(double(all.percentile_us(0.5))).c_str(),
               format_ms(double(all.percentile_us(0.9))).c_str(), format_ms(double(all.percentile_us(0.99))).c_str(),
               format_ms(double(all.max_us())).c_str());
  std::fprintf(out, "held: %u bots with the average delay under %u ms (%llu echoes in those seconds)\n",
               held.held_bots(), opt.delay_limit_ms, (unsigned long long)held.held_delays().count());
  std::fprintf(out,
               "bots: %llu started, %llu logged in, %u online at the end | errors: connect %llu, login refused %llu "
               "(wrong password %llu, already online %llu, server full %llu, invalid %llu), closed by server %llu, "
               "login timeouts %llu, bad frames %llu, moves not sent (socket full) %llu\n",
               (unsigned long long)c.connects, (unsigned long long)c.logins, last.online,
               (unsigned long long)c.connect_errors,
               (unsigned long long)(c.login_fail[0] + c.login_fail[1] + c.login_fail[2] + c.login_fail[3] + c.login_fail[4]),
               (unsigned long long)c.login_fail[1], (unsigned long long)c.login_fail[2],
               (unsigned long long)c.login_fail[3], (unsigned long long)c.login_fail[4],
               (unsigned long long)c.closed_by_server, (unsigned long long)c.login_timeouts,
               (unsigned long long)c.protocol_errors,
               (unsigned long long)c.moves_blocked);
  std::fprintf(out, "traffic: %llu frames in (%llu bytes), %llu moves sent, %llu own echoes\n",
               (unsigned long long)c.frames_in, (unsigned long long)c.bytes_in, (unsigned long long)c.moves_sent,
               (unsigned long long)c.echoes);
  if (!first_error.empty()) std::fprintf(out, "first connect error: %s\n", first_error.c_str());
  if (c.logins > 0)
    std::fprintf(out, "saturation: %s\n", saturation_verdict(f).c_str());
  else
    std::fprintf(out, "saturation: not judged, no bot logged in\n");
  std::fprintf(out, "%s\n", final_line(held.held_bots(), held.held_delays(), opt.delay_limit_ms).c_str());
  std::fflush(out);
  if (unreachable) {
    std::fprintf(err, "iocplab-stress: could not connect to %s port %u: %s\n", opt.host.c_str(),
                 unsigned(opt.port), first_error.c_str());
    return 1;
  }
  return 0;
}

}  // namespace iocplab::stress
