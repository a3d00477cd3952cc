// server.h — the server skeleton: the port, the workers, the listening socket and its AcceptEx.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "io_context.h"
#include "packet.h"
#include "protocol.h"
#include "send_pool.h"
#include "shared_state.h"
#include "timer_queue.h"
#include "workers.h"

// [lesson:client]
enum class ClientState { Free, Connected, Closing };
// Login: waiting for CS_LOGIN. Done: logged out or the login failed; the rest is ignored.
//ko: Login: CS_LOGIN을 기다리는 중. Done: 로그아웃했거나 로그인 실패. 나머지는 무시한다.
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
  bool end_when_sent = false;      // a graceful end: shutdown(SD_SEND) once send_bytes is 0
  //ko: 우아한 종료: send_bytes가 0이 되면 shutdown(SD_SEND)
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

// [lesson:npc]
// An NPC's ID has bit 31 set, which make_id never sets (its generation ends at bit 30):
// no NPC is ever taken for a player (docs/PROTOCOL.md, teaching extensions).
//ko: NPC의 ID는 31번 비트가 켜져 있다. make_id는 이 비트를 절대 켜지 않으니(세대는 30번
//ko: 비트에서 끝난다) NPC를 플레이어로 착각할 일이 없다 (docs/PROTOCOL.md, 교육용 확장).
constexpr uint32_t kNpcBit = 0x80000000u;
inline int make_npc_id(int n) { return (int)(kNpcBit | (uint32_t)n); }
// No socket, no slot: an NPC lives in the world (world_lock_) and moves on timer events.
//ko: 소켓도 칸도 없다. NPC는 월드 안에 살고(world_lock_), 타이머 이벤트로 움직인다.
struct Npc {
  int id = 0, x = 0, y = 0;
  bool awake = false;  // true: one move event is queued for it; false: it sleeps
  //ko: true: 이 NPC의 이동 이벤트가 하나 걸려 있다. false: 잠들어 있다
};
// [/lesson:npc]

// The listening socket's completion key: not an index (and not the workers' kQuitKey).
//ko: 리슨 소켓의 완료 키: 인덱스가 아니다 (워커의 kQuitKey도 아니다).
constexpr ULONG_PTR kListenKey = ~ULONG_PTR(0) - 1;

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
  int view = 7;  // B is in A's view when |Ax-Bx| <= view and |Ay-By| <= view
  //ko: |Ax-Bx| <= view이고 |Ay-By| <= view이면 B는 A의 시야 안에 있다
  int accepts = 4;  // AcceptEx calls posted at once: connections that arrive together
  //ko: 동시에 걸어 두는 AcceptEx 수: 한꺼번에 오는 연결들
  int npcs = 0;  // NPCs in the world; the program's default is 2000
  //ko: 월드의 NPC 수. 프로그램의 기본값은 2000
  int npc_move_ms = 1000;  // an awake NPC steps once this often
  //ko: 깨어 있는 NPC는 이 간격마다 한 칸 움직인다
  int login_timeout_ms = 10000;  // a connection with no CS_LOGIN by then is closed
  //ko: 이때까지 CS_LOGIN이 없는 연결은 닫는다
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
  // [lesson:packets-handled]
  // Every packet any worker has handled, read without a lock (stage 15).
  //ko: 어느 워커든 처리한 패킷 전부. 락 없이 읽는다 (15단계).
  uint64_t packets_handled() const { return packets_handled_.total(); }
  // [/lesson:packets-handled]
  bool wait_until_empty(int timeout_ms);  // true once no slot is in use
  int npcs_awake();  // for the tests and the end of main: NPCs with a move queued
  uint64_t timer_events() { return timers_.posted(); }
  size_t send_contexts_allocated() { return pool_.allocated(); }  // for the tests
  long send_contexts_lent() { return pool_.lent(); }

 private:
  bool open_listener(uint16_t port);
  bool post_accept(IoContext& io);
  void on_accept(IoContext& io, const Completion& done);
  void accept_client(SOCKET s);
  int reserve_slot();
  bool post_recv(Client& c);
  bool post_send(Client& c, const char* data, size_t size);
  void on_completion(const Completion& c, int worker);
  void on_login_timeout(int id);
  void on_npc_move(int id);
  void show_npcs(const Client& c, bool saw_before, int old_x, int old_y);
  bool drop_if_stale(Client& c, IoContext* io);
  void on_recv(Client& c, const Completion& done, int worker, std::unique_lock<std::mutex>& held);
  void leave_world(Client& c, std::unique_lock<std::mutex>& held);
  void on_send(Client& c, IoContext* io, const Completion& done);
  bool process_packet(int from_id, const std::string& packet);
  bool on_login(Client& c, const std::string& packet);
  bool on_move(Client& c, const std::string& packet);
  static ScAddPlayer add_player(const Client& c);
  static ScRemovePlayer remove_player(int id);
  bool in_view(const Client& a, int x, int y) const;
  std::vector<int> players_in_view(int id);
  void leave_world_locked(Client& c);
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
  //ko: config_.accepts개의 컨텍스트, 저마다 언제나 걸려 있다
  std::mutex accepts_lock_;
  std::condition_variable accept_done_;
  int accepts_pending_ = 0;  // AcceptEx calls posted and not completed: stop() waits for 0
  //ko: 걸어 두고 아직 완료되지 않은 AcceptEx 수: stop()은 0을 기다린다
  // [/lesson:accepts]
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
  PacketCounter packets_handled_;  // no lock of ours: the workers add at the same time
  //ko: 우리 락 없이: 워커들이 동시에 더한다
  TimerQueue timers_;
  std::vector<Npc> npcs_;  // world_lock_, like random_
  //ko: random_처럼 world_lock_으로 지킨다
  std::minstd_rand random_{14};  // the same world every run
  //ko: 실행할 때마다 같은 월드
};
