// server.h — the server skeleton: the port, then the workers, then the accept thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "workers.h"

struct ServerConfig {
  uint16_t port = 0;      // 0: let the system pick a free port
  int workers = 0;        // 0: one per hardware thread
  std::function<void(const std::string&)> log;  // called from any thread; may be empty
};

class Server {
 public:
  ~Server() { stop(); }
  bool start(const ServerConfig& config);
  void stop();  // wakes the accept thread, closes the listening socket, then stops the workers
  uint16_t port() const { return port_number_; }

 private:
  bool open_listener(uint16_t port);
  void accept_loop();
  void accept_client(SOCKET s);
  void log(const char* format, ...);

  ServerConfig config_;
  HANDLE port_ = nullptr;
  Workers workers_;
  bool winsock_started_ = false;
  SOCKET listen_socket_ = INVALID_SOCKET;
  uint16_t port_number_ = 0;
  std::thread accept_thread_;
  std::atomic<bool> stopping_{false};
};
