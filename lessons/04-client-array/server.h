// server.h — the server skeleton: the port, then the workers, then the accept thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "workers.h"

// [lesson:client]
enum class ClientState { Free, Connected };

// One slot of the client array. Here only the accept thread and stop() touch it, one after
// the other; the workers join in stage 05 (and with them a lock per slot).
//ko: 클라이언트 배열의 칸 하나. 여기서는 accept 쓰레드와 stop()만, 그것도 차례로 만진다.
//ko: 워커는 05단계에서 끼어든다(그와 함께 칸마다 락도).
struct Client {
  ClientState state = ClientState::Free;
  int id = -1;                     // the client's ID (here: its index; stage 11 adds reuse rules)
  //ko: 클라이언트 ID (여기서는 인덱스. 재사용 규칙은 11단계)
  SOCKET socket = INVALID_SOCKET;
};
// [/lesson:client]

struct ServerConfig {
  uint16_t port = 0;      // 0: let the system pick a free port
  int workers = 0;        // 0: one per hardware thread
  int max_clients = 1000;
  std::function<void(const std::string&)> log;  // called from any thread; may be empty
};

class Server {
 public:
  ~Server() { stop(); }
  bool start(const ServerConfig& config);
  void stop();  // wakes the accept thread, closes every client, then stops the workers
  uint16_t port() const { return port_number_; }

 private:
  bool open_listener(uint16_t port);
  void accept_loop();
  void accept_client(SOCKET s);
  int reserve_slot();
  void log(const char* format, ...);

  ServerConfig config_;
  HANDLE port_ = nullptr;
  Workers workers_;
  bool winsock_started_ = false;
  SOCKET listen_socket_ = INVALID_SOCKET;
  uint16_t port_number_ = 0;
  std::thread accept_thread_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<Client[]> clients_;  // the client array: config_.max_clients slots
};
