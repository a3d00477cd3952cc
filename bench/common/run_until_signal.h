// run_until_signal.h — servers print their port, then serve until SIGINT/SIGTERM
// (on Windows: until Ctrl+C / Ctrl+Break / the console closing).
#pragma once

#include <cstdio>

#if defined(_WIN32)
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN  // no winsock.h: users include winsock2.h (iocp.h, asio) themselves
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#else
#include <csignal>
#endif

namespace iocplab::bench {

#if defined(_WIN32)
namespace detail {
inline HANDLE& stop_event() {
  static HANDLE e = CreateEventA(nullptr, TRUE, FALSE, nullptr);
  return e;
}
inline BOOL WINAPI on_console_event(DWORD) {
  SetEvent(stop_event());
  return TRUE;
}
}  // namespace detail

// Call first in main: from now on Ctrl+C only sets the stop event.
inline void block_stop_signals() {
  detail::stop_event();
  SetConsoleCtrlHandler(detail::on_console_event, TRUE);
}
inline void wait_for_stop_signal() { WaitForSingleObject(detail::stop_event(), INFINITE); }
#else
// Call first in main, before any thread starts, so every thread inherits the mask.
inline void block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

inline void wait_for_stop_signal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
}
#endif

// The line run.sh and the smoke test read to find the server.
inline void announce_port(unsigned port) {
  std::printf("listening on %u\n", port);
  std::fflush(stdout);
}

}  // namespace iocplab::bench
