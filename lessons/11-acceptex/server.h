// server.h — the server skeleton: the port, the workers, the listening socket and its AcceptEx.
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
// Where a client is in the protocol: waiting for CS_LOGIN, on the grid, or done (logged
// out or the login failed: frames behind it are ignored until the connection ends).
enum class Phase { Login, Playing, Done };

// One slot of the client array. The completion key of the client's socket is its index.
struct Client {
  std::mutex lock;  // a client's completions can run on different workers: all below is guarded
  ClientState state = ClientState::Free;
  int id = -1;                     // the client's ID: make_id(index, generation)
  int generation = 0;              // how many clients this slot has had
  SOCKET socket = INVALID_SOCKET;
  int pending = 0;                 // operations posted and not completed; the slot is reused at 0 only
  size_t send_bytes = 0;           // bytes in sends posted and not completed yet
  bool end_when_sent = false;      // a graceful end: shutdown(SD_SEND) once send_bytes is 0
  // Game info, guarded by Server::world_lock_ (not by `lock`): the world reads everyone's.
  Phase phase = Phase::Login;
  char name[20] = {};
  int hp = 100, x = 0, y = 0;
  IoContext recv{};  // the one recv of this socket, reused for every recv it ever posts
  Assembler assembler;  // the unfinished packet carried from one recv to the next
};
// [/lesson:client]

// [lesson:ids]
// A client's ID says which slot it is in AND which occupant of that slot it was: when a
// slot is reused, the new client gets a new ID, and anything meant for the old one (an
// ID kept somewhere, a completion posted for it) no longer reaches anyone.
inline int make_id(int index, int generation) { return (generation & 0x7FFF) << 16 | index; }
inline int index_of(int id) { return id & 0xFFFF; }  // the slot: the low 16 bits
// [/lesson:ids]

// The listening socket's completion key: not an index (and not the workers' kQuitKey).
constexpr ULONG_PTR kListenKey = ~ULONG_PTR(0) - 1;

struct ServerConfig {
  uint16_t port = 0;      // 0: let the system pick a free port
  int workers = 0;        // 0: one per hardware thread
  int max_clients = 1000;  // at most 65536: the index lives in an ID's low 16 bits
  // [lesson:limit]
  // Bytes one client may hold in sends not completed yet. The lecture's numbers: 5 GB of
  // memory for thousands of clients, so no client may hold more than 1 MB.
  size_t send_limit = 1 << 20;
  // [/lesson:limit]
  int world = 400;  // the grid is world x world tiles
  int view = 7;     // B is in A's view when |Ax-Bx| <= view and |Ay-By| <= view
  int accepts = 4;  // AcceptEx calls posted at once: connections that arrive together
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
  HANDLE completion_port() const { return port_; }  // for tests: to post a stale completion
  bool wait_until_empty(int timeout_ms);  // true once no slot is in use
  size_t send_contexts_allocated() { return pool_.allocated(); }  // for tests: the pool's size
  long send_contexts_lent() { return pool_.lent(); }               // and the sends in flight

 private:
  bool open_listener(uint16_t port);
  bool post_accept(IoContext& io);
  void on_accept(IoContext& io, const Completion& done);
  void accept_client(SOCKET s);
  int reserve_slot();
  bool post_recv(Client& c);
  bool post_send(Client& c, const char* data, size_t size);
  void on_completion(const Completion& c, int worker);
  bool drop_if_stale(Client& c, IoContext* io);
  void on_recv(Client& c, const Completion& done, int worker);
  void on_send(Client& c, IoContext* io, const Completion& done);
  bool process_packet(int from_id, const std::string& packet);  // game.cpp, from here on
  bool on_login(Client& c, const std::string& packet);
  bool on_move(Client& c, const std::string& packet);
  static ScAddPlayer add_player(const Client& c);
  static ScRemovePlayer remove_player(int id);
  bool in_view(const Client& a, int x, int y) const;
  std::vector<int> players_in_view(int id);
  void leave_world_locked(Client& c);
  void leave_world(int id);
  void end_when_sent(int id);
  void close_client(Client& c);
  void release_if_done(Client& c);
  void log(const char* format, ...);

  ServerConfig config_;
  HANDLE port_ = nullptr;
  Workers workers_;
  bool winsock_started_ = false;
  SOCKET listen_socket_ = INVALID_SOCKET;
  uint16_t port_number_ = 0;
  std::atomic<bool> stopping_{false};
  // [lesson:accepts]
  std::unique_ptr<IoContext[]> accepts_;  // config_.accepts contexts, each always posted
  std::mutex accepts_lock_;
  std::condition_variable accept_done_;
  int accepts_pending_ = 0;  // AcceptEx calls posted and not completed: stop() waits for 0
  // [/lesson:accepts]
  std::unique_ptr<Client[]> clients_;  // the client array: config_.max_clients slots
  std::mutex slots_lock_;              // guards in_use_ (taken after a client's lock, never before)
  std::condition_variable slot_freed_;
  int in_use_ = 0;
  SendPool pool_;  // send contexts shared by all clients
  // [lesson:world]
  // The world: every client's game info and the accounts. Taken before a client's lock,
  // never while holding one, so a whole move (and the sends it causes) is one step.
  std::mutex world_lock_;
  struct Account {
    std::string password;  // in memory only; server/game keeps an Argon2id hash in SQLite
    int x = 0, y = 0;      // where the player was when it left
    bool online = false;
  };
  std::map<std::string, Account> accounts_;
  // [/lesson:world]
};
