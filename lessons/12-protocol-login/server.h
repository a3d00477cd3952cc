// server.h — the server skeleton: the port, then the workers, then the accept thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "io_context.h"
#include "packet.h"
#include "protocol.h"
#include "send_pool.h"
#include "workers.h"

// [lesson:client]
enum class ClientState { Free, Connected, Closing };
// Login: waiting for CS_LOGIN. Done: the login failed; what follows is ignored.
//ko: Login: CS_LOGIN을 기다리는 중. Done: 로그인 실패. 그 뒤에 오는 것은 무시한다.
enum class Phase { Login, Playing, Done };

// One slot of the client array. The completion key of the client's socket is its index.
//ko: 클라이언트 배열의 칸 하나. 클라이언트 소켓의 완료 키는 이 칸의 인덱스다.
struct Client {
  std::mutex lock;  // a client's completions can run on different workers: all below is guarded
  //ko: 한 클라이언트의 완료가 여러 워커에서 돌 수 있다: 아래는 모두 이 락으로 지킨다
  ClientState state = ClientState::Free;
  int id = -1;                     // the client's ID: make_id(index, generation)
  //ko: 클라이언트 ID: make_id(인덱스, 세대)
  int generation = 0;              // how many clients this slot has had
  //ko: 이 칸에 클라이언트가 몇 번 들어왔나
  SOCKET socket = INVALID_SOCKET;
  int pending = 0;                 // operations posted and not completed; the slot is reused at 0 only
  //ko: 걸어 두고 아직 완료되지 않은 작업 수. 0일 때만 칸을 다시 쓴다
  size_t send_bytes = 0;           // bytes in sends posted and not completed yet
  //ko: 걸어 두고 아직 완료되지 않은 send의 바이트 수
  // Game info: guarded by Server::world_lock_, not by `lock`.
  //ko: 게임 정보: `lock`이 아니라 Server::world_lock_으로 지킨다.
  Phase phase = Phase::Login;
  char name[20] = {};
  int x = 0, y = 0;
  IoContext recv{};  // the one recv of this socket, reused for every recv it ever posts
  //ko: 이 소켓의 단 하나뿐인 recv. 이 소켓이 거는 모든 recv가 이것을 다시 쓴다
  Assembler assembler;  // the unfinished packet carried from one recv to the next
  //ko: 한 recv에서 다음 recv로 넘어가는, 아직 덜 된 패킷
};
// [/lesson:client]

// [lesson:ids]
// A client's ID says which slot it is in AND which occupant of that slot it was: when a
// slot is reused, the new client gets a new ID, and anything meant for the old one (an
// ID kept somewhere, a completion posted for it) no longer reaches anyone.
//ko: 클라이언트 ID는 어느 칸인지와 그 칸의 몇 번째 주인인지를 함께 말한다. 칸이 다시 쓰이면
//ko: 새 클라이언트는 새 ID를 받고, 옛 주인 앞으로 된 것(어딘가 남은 ID, 그 앞으로 넣은 완료)은
//ko: 더 이상 아무에게도 닿지 않는다.
inline int make_id(int index, int generation) { return (generation & 0x7FFF) << 16 | index; }
inline int index_of(int id) { return id & 0xFFFF; }  // the slot: the low 16 bits
//ko: 칸: 아래 16비트
// [/lesson:ids]

struct ServerConfig {
  uint16_t port = 0;      // 0: let the system pick a free port
  int workers = 0;        // 0: one per hardware thread
  int max_clients = 1000;  // at most 65536: the index lives in an ID's low 16 bits
  //ko: 최대 65536: 인덱스는 ID의 아래 16비트에 산다
  // [lesson:limit]
  // Bytes one client may hold in sends not completed yet. The lecture's numbers: 5 GB of
  // memory for thousands of clients, so no client may hold more than 1 MB.
  //ko: 한 클라이언트가 아직 완료되지 않은 send로 쥘 수 있는 바이트. 강의의 숫자로는 메모리
  //ko: 5GB에 동접 수천이니, 한 클라이언트가 1MB 넘게 쓰면 안 된다.
  size_t send_limit = 1 << 20;
  // [/lesson:limit]
  int world = 400;
  std::function<void(const std::string&)> log;  // called from any thread; may be empty
};

class Server {
 public:
  ~Server() { stop(); }
  bool start(const ServerConfig& config);
  void stop();  // closes every client and waits for their last completions
  uint16_t port() const { return port_number_; }
  int clients_in_use();
  bool send_to(int id, const std::string& packet);  // false if that client is gone
  HANDLE completion_port() const { return port_; }  // for the tests: to post a stale completion
  bool wait_until_empty(int timeout_ms);  // true once no slot is in use
  size_t send_contexts_allocated() { return pool_.allocated(); }  // for the tests
  long send_contexts_lent() { return pool_.lent(); }

 private:
  bool open_listener(uint16_t port);
  void accept_loop();
  void accept_client(SOCKET s);
  int reserve_slot();
  bool post_recv(Client& c);
  bool post_send(Client& c, const char* data, size_t size);
  void on_completion(const Completion& c, int worker);
  bool drop_if_stale(Client& c, IoContext* io);
  void on_recv(Client& c, const Completion& done, int worker, std::unique_lock<std::mutex>& held);
  void leave_world(Client& c, std::unique_lock<std::mutex>& held);
  void on_send(Client& c, IoContext* io, const Completion& done);
  bool process_packet(int from_id, const std::string& packet);
  bool on_login(Client& c, const std::string& packet);
  static ScAddPlayer add_player(const Client& c);
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
  SendPool pool_;  // send contexts shared by all clients
  // [lesson:world]
  // Taken before a client's lock, never while holding one.
  //ko: 클라이언트 락보다 먼저 잡는다. 클라이언트 락을 쥔 채로는 절대 잡지 않는다.
  std::mutex world_lock_;
  struct Account {
    std::string password;  // in memory only; server/game keeps an Argon2id hash in SQLite
    //ko: 메모리에만 둔다. server/game은 SQLite에 Argon2id 해시를 둔다
    int x = 0, y = 0;  // where it left
    //ko: 떠난 자리
    bool online = false;
  };
  std::map<std::string, Account> accounts_;
  // [/lesson:world]
};
