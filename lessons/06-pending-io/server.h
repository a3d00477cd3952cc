// server.h — the server skeleton: the port, then the workers, then the accept thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "workers.h"

constexpr int kRecvBufferSize = 1024;

// [lesson:client]
enum class ClientState { Free, Connected, Closing };

// One slot of the client array. The completion key of the client's socket is its index.
//ko: 클라이언트 배열의 칸 하나. 클라이언트 소켓의 완료 키는 이 칸의 인덱스다.
struct Client {
  std::mutex lock;  // a client's completions can run on different workers: all below is guarded
  //ko: 한 클라이언트의 완료가 여러 워커에서 돌 수 있다: 아래는 모두 이 락으로 지킨다
  ClientState state = ClientState::Free;
  int id = -1;                     // the client's ID (here: its index; stage 11 adds reuse rules)
  //ko: 클라이언트 ID (여기서는 인덱스. 재사용 규칙은 11단계)
  SOCKET socket = INVALID_SOCKET;
  int pending = 0;                 // operations posted and not completed; the slot is reused at 0 only
  //ko: 걸어 두고 아직 완료되지 않은 작업 수. 0일 때만 칸을 다시 쓴다
  // The one recv of this socket: its OVERLAPPED, WSABUF and buffer serve every recv.
  // (Game information joins later: the name with the login in stage 12, the position in 12.)
  //ko: 이 소켓의 recv 하나. OVERLAPPED, WSABUF, 버퍼를 모든 recv가 같이 쓴다.
  //ko: (게임 정보는 나중에 들어온다: 이름은 로그인과 함께 12단계에서, 위치는 13단계에서.)
  OVERLAPPED recv_overlapped{};
  WSABUF recv_wsabuf{};
  char recv_buffer[kRecvBufferSize];
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
  void stop();  // closes every client and waits for their last completions
  uint16_t port() const { return port_number_; }
  bool kick(int id);  // closes one client; false when no such client is connected
  int clients_in_use();
  bool wait_until_empty(int timeout_ms);  // true once no slot is in use

 private:
  bool open_listener(uint16_t port);
  void accept_loop();
  void accept_client(SOCKET s);
  int reserve_slot();
  bool post_recv(Client& c);
  void on_completion(const Completion& c, int worker);
  void on_recv(Client& c, const Completion& done, int worker);
  void close_client(Client& c);
  void release_if_done(Client& c);
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
  std::mutex slots_lock_;              // guards in_use_ (taken after a client's lock, never before)
  std::condition_variable slot_freed_;
  int in_use_ = 0;
};
