// run_until_signal.h — servers print their port, then serve until SIGINT/SIGTERM.
#pragma once

#include <csignal>
#include <cstdio>

namespace iocplab::bench {

// Call first in main, before any thread starts, so every thread inherits the mask.
inline void block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

// The line run.sh and the smoke test read to find the server.
inline void announce_port(unsigned port) {
  std::printf("listening on %u\n", port);
  std::fflush(stdout);
}

inline void wait_for_stop_signal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
}

}  // namespace iocplab::bench
