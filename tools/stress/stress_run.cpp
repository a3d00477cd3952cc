#include "stress_run.h"

#if !defined(_WIN32)
#include <sys/resource.h>
#endif

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bot_loop.h"
#include "cpu_meter.h"
#include "held_tracker.h"
#include "loopback.h"
#include "run_clock.h"
#include "run_report.h"

namespace iocplab::stress {
namespace {

constexpr uint64_t kSecondUs = 1'000'000;
constexpr uint32_t kFdReserve = 64;  // descriptors kept for everything but the bots

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

// Fits the options to this machine (open-file limit) and finds the server's pid.
int prepare(Options& opt, std::FILE* err) {
  uint64_t fds = raise_fd_limit();
  if (fds > kFdReserve && opt.max_bots > fds - kFdReserve) {
    opt.max_bots = uint32_t(fds - kFdReserve);
    std::fprintf(err, "iocplab-stress: --max-bots lowered to %u by the open-file limit (ulimit -Hn %llu)\n",
                 opt.max_bots, (unsigned long long)fds);
  }
  if (opt.server_pid) {
    if (!process_cpu_ticks(opt.server_pid, nullptr))
      std::fprintf(err, "iocplab-stress: --server-pid %d: cannot read /proc/%d/stat; server CPU unknown\n",
                   opt.server_pid, opt.server_pid);
    return opt.server_pid;
  }
  int pid = find_listening_pid(opt.port);
  if (!pid)
    std::fprintf(err, "iocplab-stress: no process listening on port %u found in /proc; server CPU unknown\n",
                 unsigned(opt.port));
  return pid;
}

// Why the ramp should stop after this second, or "" to go on.
std::string ramp_stop_reason(const Options& opt, const LoopWindow& w, WindowVerdict v, bool* unreachable) {
  const LoopCounters& c = w.totals;
  if (c.logins == 0 && w.connecting == 0 && c.connects > 0 && c.connect_errors == c.connects) {
    *unreachable = true;
    return "no bot could connect";
  }
  if (v == WindowVerdict::Over)
    return "average delay " + format_ms(w.delays.mean_us()) + " ms reached the limit " +
           std::to_string(opt.delay_limit_ms) + " ms with " + std::to_string(w.online) + " bots online";
  if (c.login_fail[3] > 0) return "the server is full (SC_LOGIN_FAIL 3: raise its --max-sessions)";
  if (c.fd_exhausted) return "the tool ran out of file descriptors (ulimit -Hn)";
  if (w.ramp_done && w.connecting == 0)
    return "all " + std::to_string(opt.max_bots) + " bots (--max-bots) were started";
  return "";
}

}  // namespace

void interrupt_run() { g_interrupted.store(true); }

uint64_t raise_fd_limit() {
#if defined(_WIN32)
  return uint64_t(1) << 20;  // no per-process socket limit to raise
#else
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return 1024;
  if (rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
  }
  return rl.rlim_cur == RLIM_INFINITY ? uint64_t(1) << 20 : uint64_t(rl.rlim_cur);
#endif
}

int run_stress(const Options& given, std::FILE* out, std::FILE* err) {
  // 1. Set up: limits, the server's pid, one BotLoop per thread.
  Options opt = given;
  const int server_pid = prepare(opt, err);
  const uint32_t per_address = opt.ports_per_address ? opt.ports_per_address : ports_per_source_address();
  const uint64_t limit_us = uint64_t(opt.delay_limit_ms) * 1000;
  std::fprintf(out, "iocplab-stress: %s port %u, up to %u bots, a new one every %u ms, limit %u ms, %u thread(s)%s\n",
               opt.host.c_str(), unsigned(opt.port), opt.max_bots, opt.ramp_ms, opt.delay_limit_ms, opt.threads,
               server_pid ? (", server pid " + std::to_string(server_pid)).c_str() : "");
  std::fflush(out);

  RunClock clock;
  CpuMeter cpu(server_pid);
  std::vector<std::unique_ptr<BotLoop>> loops;
  for (uint32_t i = 0; i < opt.threads; ++i) {
    loops.push_back(std::make_unique<BotLoop>(opt, i, opt.threads, clock, per_address));
    if (!loops.back()->ok()) {
      std::fprintf(err, "iocplab-stress: cannot create the bots' poller (%s)\n", error_text(last_error()).c_str());
      return 1;
    }
  }
  std::vector<std::thread> threads;
  for (auto& l : loops) threads.emplace_back([&l] { l->run(); });

  // 2. Once a second: gather the loops' window, print it, judge it, decide the ramp.
  HeldTracker held(limit_us);
  RunSummary summary;
  summary.limit_ms = opt.delay_limit_ms;
  std::vector<CpuSecond> seconds;
  LoopCounters prev;
  uint32_t prev_online = 0;
  bool ramping = true, unreachable = false;
  size_t ramp_end_second = 0;
  uint64_t hold_until = UINT64_MAX;

  for (uint64_t tick = kSecondUs;; tick += kSecondUs) {
    std::this_thread::sleep_until(clock.at(tick));
    const uint64_t second = tick / kSecondUs;
    LoopWindow w;
    w.ramp_done = true;
    for (auto& l : loops) l->take_window(limit_us, &w);
    seconds.push_back({cpu.tool(), cpu.server(), cpu.machine()});
    WindowVerdict v = held.add_window(prev_online, w.online, w.delays);
    print_progress(out, second, w, prev, v == WindowVerdict::Over, seconds.back());

    if (ramping) {
      std::string why = ramp_stop_reason(opt, w, v, &unreachable);
      if (!why.empty()) {
        ramping = false;
        if (v == WindowVerdict::Over && !unreachable) {
          summary.limit_reached = true;
          summary.peak_window = w.delays;
        }
        summary.ramp_end = "ramp ended at " + std::to_string(second) + " s: " + why;
        ramp_end_second = seconds.size() - 1;
        for (auto& l : loops) l->stop_ramp();
        hold_until = unreachable ? tick : tick + uint64_t(opt.hold_s) * kSecondUs;
      }
    }
    prev = w.totals;
    prev_online = w.online;
    if (tick >= hold_until) break;
    if (g_interrupted.load()) {
      if (ramping) ramp_end_second = seconds.size() - 1;
      summary.ramp_end += (ramping ? "" : "; ") + std::string("interrupted at ") + std::to_string(second) + " s";
      break;
    }
    if (opt.duration_s && tick >= uint64_t(opt.duration_s) * kSecondUs) {
      if (ramping) {
        summary.ramp_end = "the run ended at --duration " + std::to_string(opt.duration_s) + " s while still ramping";
        ramp_end_second = seconds.size() - 1;
      }
      break;
    }
  }

  // 3. Stop the loops, gather the final counts and every delay, print the summary.
  for (auto& l : loops) l->request_stop();
  for (auto& t : threads) t.join();
  summary.last.ramp_done = true;
  for (auto& l : loops) {
    l->take_window(limit_us, &summary.last);
    summary.all.merge(l->all_delays());
    if (summary.first_error.empty()) summary.first_error = l->first_error();
  }
  // Saturation is judged on the seconds from just before the ramp ended to the end.
  summary.cpu = average_cpu(seconds, ramp_end_second >= 2 ? ramp_end_second - 2 : 0);
  summary.cpu.tool_threads = opt.threads;
  summary.cpu.server_threads = cpu.server_threads();
  summary.cpu.machine_cores = available_cores();
  summary.cpu.limit_reached = summary.limit_reached;
  print_summary(out, summary, held);

  if (unreachable) {
    std::fprintf(err, "iocplab-stress: could not connect to %s port %u: %s\n", opt.host.c_str(),
                 unsigned(opt.port), summary.first_error.c_str());
    return 1;
  }
  return 0;
}

}  // namespace iocplab::stress
