// stage_console.h — console plumbing the server stages share and no stage teaches:
// reading `--name value` flags, and waiting until the user stops the program.
#pragma once

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

// The value after `--name` on the command line, or `fallback` when it is not there.
inline long flag(int argc, char** argv, const char* name, long fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return std::atol(argv[i + 1]);
  return fallback;
}

// Prints one log line; safe from any thread (workers and the accept thread print at once).
inline void print_line(const std::string& line) {
  static std::mutex lock;
  std::lock_guard<std::mutex> guard(lock);
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
}

inline std::atomic<bool> g_stop_requested{false};

// Returns on Ctrl+C (SIGINT) or SIGTERM, on a line "quit" on stdin, or after exit_after_ms
// (if >= 0). The end of stdin does not stop it: run from a tool with no input, it serves on.
inline void wait_for_stop(long exit_after_ms) {
  std::signal(SIGINT, [](int) { g_stop_requested = true; });
  std::signal(SIGTERM, [](int) { g_stop_requested = true; });
  std::thread([] {
    char line[256];
    while (std::fgets(line, sizeof line, stdin)) {
      if (std::strncmp(line, "quit", 4) == 0) g_stop_requested = true;
    }
  }).detach();
  auto start = std::chrono::steady_clock::now();
  while (!g_stop_requested) {
    if (exit_after_ms >= 0 &&
        std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(exit_after_ms))
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}
