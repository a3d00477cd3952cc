// Stage 11 — AcceptEx: the game server without an accept thread.
//
// Stage 10's game server. Connections are accepted with AcceptEx: several accepts are
// posted on the listening socket, complete through the port on the workers, and are
// posted again after every completion.
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

#include "server.h"

static std::atomic<bool> g_stop{false};

// Stops on Ctrl+C (SIGINT) or SIGTERM, on a line "quit" on stdin, or after exit_after_ms
// (if >= 0). The end of stdin does not stop it: run from a tool with no input, it serves on.
static void wait_for_stop(long exit_after_ms) {
  std::signal(SIGINT, [](int) { g_stop = true; });
  std::signal(SIGTERM, [](int) { g_stop = true; });
  std::thread([] {
    char line[256];
    while (std::fgets(line, sizeof line, stdin)) {
      if (std::strncmp(line, "quit", 4) == 0) g_stop = true;
    }
  }).detach();
  auto start = std::chrono::steady_clock::now();
  while (!g_stop) {
    if (exit_after_ms >= 0 && std::chrono::steady_clock::now() - start >=
                                  std::chrono::milliseconds(exit_after_ms))
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

int main(int argc, char** argv) {
  ServerConfig config;
  long exit_after_ms = -1;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--port") == 0) config.port = (uint16_t)std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--workers") == 0) config.workers = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--max-clients") == 0) config.max_clients = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--exit-after-ms") == 0) exit_after_ms = std::atol(argv[i + 1]);
    if (std::strcmp(argv[i], "--world") == 0) config.world = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--view") == 0) config.view = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--accepts") == 0) config.accepts = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--send-limit") == 0) config.send_limit = std::strtoul(argv[i + 1], nullptr, 10);
  }
  if (config.max_clients < 1 || config.max_clients > 65536 || config.send_limit < kMaxPacketSize ||
      config.world < 1 || config.world > 65535 || config.view < 0 || config.view > 65535 || config.accepts < 1) {  // one packet must fit
    std::fprintf(stderr, "usage: lesson [--port N] [--workers N] [--max-clients 1..65536] [--exit-after-ms N]\n"
                         "              [--send-limit BYTES>=1024] [--world 1..65535] [--view 0..65535] [--accepts N>=1]\n");
    return 2;
  }
  config.log = [](const std::string& line) {
    static std::mutex lock;  // workers and the accept thread print at the same time
    std::lock_guard<std::mutex> guard(lock);
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  };

  Server server;
  if (!server.start(config)) {
    std::fprintf(stderr, "could not start the server (error %d)\n", WSAGetLastError());
    return 1;
  }
  std::printf("listening on %u\n", (unsigned)server.port());
  std::printf("connect two clients (nc 127.0.0.1 %u), then from a third:\n"
              "  printf '\\x08\\x00\\x01hello' | nc 127.0.0.1 %u   (stop: Ctrl+C, or type quit here)\n",
              (unsigned)server.port(), (unsigned)server.port());
  std::fflush(stdout);
  wait_for_stop(exit_after_ms);
  server.stop();
  std::printf("stopped\n");
  return 0;
}
