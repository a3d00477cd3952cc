// iocplab-stress — the course's load test: ramp up bots against the game server until the
// move echo delay passes the limit, then report how many bots it held. See docs/STRESS.md.
#include <csignal>
#include <cstdio>
#include <string_view>
#include <vector>

#include "options.h"
#include "stress_run.h"

int main(int argc, char** argv) {
  using namespace iocplab::stress;

  // 1. Flags: any mistake is one line naming the flag, exit 2.
  std::vector<std::string_view> args(argv + 1, argv + argc);
  ParsedOptions parsed = parse_options(args);
  if (parsed.help) {
    std::fputs(usage(), stdout);
    return 0;
  }
  if (!parsed.ok) {
    std::fprintf(stderr, "iocplab-stress: %s\n", parsed.error.c_str());
    return 2;
  }

  // 2. Ctrl-C (or SIGTERM) ends the run early, still with its summary.
#if defined(_WIN32)
  std::signal(SIGINT, [](int) { interrupt_run(); });  // Ctrl+C / Ctrl+Break
  std::signal(SIGBREAK, [](int) { interrupt_run(); });
#else
  struct sigaction sa {};
  sa.sa_handler = [](int) { interrupt_run(); };
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
#endif

  // 3. The run: progress each second, then the summary; the last line is for scripts.
  return run_stress(parsed.options, stdout, stderr);
}
