// fake_server_main.cpp — the test fake server as a program, for trying the client by
// hand without the real server: prints "listening on <port>", runs until SIGINT/SIGTERM.
#include <signal.h>
#include <unistd.h>

#include <cstdio>

#include "fake_game_server.h"

int main() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  iocplab::client::testing::FakeGameServer server;
  std::printf("listening on %u\n", server.port());
  std::fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  return 0;
}
