// game.cpp — stage 13: the protocol of docs/PROTOCOL.md on a grid: login, move, view (who
// sees whom), logout and leaving. Runs with world_lock_ held.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "protocol.h"
#include "server.h"

// [lesson:dispatch]
// In stream order, the world locked. Returns false for a violation: the caller closes.
//ko: 스트림 순서대로, 월드를 잠그고. 규칙 위반이면 false: 부른 쪽이 닫는다.
bool Server::process_packet(int from_id, const std::string& packet) {
  std::lock_guard<std::mutex> world(world_lock_);
  Client& c = clients_[index_of(from_id)];
  unsigned type = packet_type(packet.data());
  bool ok = false;
  if (c.phase == Phase::Login && type == CS_LOGIN) {
    ok = on_login(c, packet);
  } else if (c.phase == Phase::AtStore) {
    c.login->rest.push_back(packet);  // handled once the store has answered (at most one recv's worth)
    //ko: 저장소가 답한 뒤에 처리한다 (많아야 recv 한 번 분량)
    ok = true;
  } else if (c.phase == Phase::Done) {
    ok = true;  // logged out or the login failed: ignore the rest
    //ko: 로그아웃했거나 로그인 실패: 나머지는 무시
  } else if (c.phase == Phase::Playing && type == CS_MOVE) {
    ok = on_move(c, packet);
  } else if (c.phase == Phase::Playing && type == CS_LOGOUT && packet.size() == sizeof(Header)) {
    leave_world_locked(c);
    end_when_sent(c.id);  // what is queued goes out, then the end of the stream
    //ko: 쌓인 것을 다 보낸 뒤 스트림의 끝
    ok = true;
  }
  if (!ok)  // before the login, a second login, a wrong size or field, an unknown type
    //ko: 로그인 전, 두 번째 로그인, 잘못된 크기나 필드, 모르는 타입
    log("client %d: violation: packet type %u, %lu bytes", c.id, type, (unsigned long)packet.size());
  return ok;
}
// [/lesson:dispatch]

// [lesson:login]
bool Server::on_login(Client& c, const std::string& packet) {
  CsLogin login;
  if (packet.size() != sizeof login) return false;  // a wrong size for its type: a violation
  //ko: 타입에 맞지 않는 크기: 규칙 위반
  std::memcpy(&login, packet.data(), sizeof login);
  c.login.reset(new StoreJob{{{}, Op::Store, c.id}, StoreJob::Login, "", "", config_.world / 2,
                             config_.world / 2});  // a new name starts in the middle
  //ko: 처음 보는 이름은 가입이다. 한가운데서 시작한다
  std::memcpy(c.name, login.name, sizeof c.name);
  c.phase = Phase::AtStore;  // on_recv hands c.login to the store; this worker goes on at once
  //ko: on_recv가 c.login을 저장소에 넘긴다. 이 워커는 곧바로 제 일을 계속한다
  if (!read_field(login.name, &c.login->name) || !read_field(login.password, &c.login->password))
    c.login->fail = kInvalidField;  // decided already: the store thread passes it straight back
  //ko: 이미 정해졌다: 저장소 쓰레드는 묻지 않고 그대로 돌려보낸다
  return true;
}

void Server::finish_login(Client& c, const StoreJob& job) {  // on the worker with the answer
  //ko: 답을 꺼낸 워커에서
  std::lock_guard<std::mutex> world(world_lock_);
  uint8_t fail = job.fail;
  if (fail == 0 && !online_.insert(job.name).second) fail = kAlreadyLoggedIn;  // checked here, not at the store
  //ko: 저장소가 아니라 여기서 검사한다
  if (fail != 0) {
    log("client %d: login failed (reason %u)", c.id, (unsigned)fail);
    ScLoginFail answer = make<ScLoginFail>(SC_LOGIN_FAIL);
    answer.reason = fail;
    send_to(c.id, bytes_of(answer));
    c.phase = Phase::Done;
    end_when_sent(c.id);  // graceful: the client reads SC_LOGIN_FAIL, then the end
    //ko: 우아하게: 클라이언트는 SC_LOGIN_FAIL을 읽고 나서 끝을 본다
    return;
  }
  c.x = std::min(job.x, config_.world - 1);
  c.y = std::min(job.y, config_.world - 1);
  c.phase = Phase::Playing;
  log("client %d: %s logged in at (%d,%d)", c.id, job.name.c_str(), c.x, c.y);
  ScLoginOk ok = make<ScLoginOk>(SC_LOGIN_OK);
  ok.id = (uint32_t)c.id;
  ok.x = (uint16_t)c.x;
  ok.y = (uint16_t)c.y;
  ok.world_w = ok.world_h = (uint16_t)config_.world;
  ok.view = (uint16_t)config_.view;
  send_to(c.id, bytes_of(ok));
  for (int other_id : players_in_view(c.id)) {  // the enter notices, both ways, in view
    //ko: 들어옴 알림, 양쪽으로, 시야 안에서만
    send_to(c.id, bytes_of(add_player(clients_[index_of(other_id)])));
    send_to(other_id, bytes_of(add_player(c)));
  }
  show_npcs(c, false, 0, 0);  // and the NPCs in view, woken (stage 16)
  //ko: 그리고 시야 안의 NPC, 깨워서 (16단계)
}

ScAddPlayer Server::add_player(const Client& c) {
  ScAddPlayer p = make<ScAddPlayer>(SC_ADD_PLAYER);
  p.id = (uint32_t)c.id;
  p.x = (uint16_t)c.x;
  p.y = (uint16_t)c.y;
  std::memcpy(p.name, c.name, sizeof p.name);
  return p;
}
// [/lesson:login]

// [lesson:view]
bool Server::in_view(const Client& a, int x, int y) const {
  return std::abs(a.x - x) <= config_.view && std::abs(a.y - y) <= config_.view;
}

// Everyone on the grid who sees `id`, itself left out: a full scan (the exercise: a grid).
//ko: 그리드 위에서 `id`를 보는 모두, 자기는 빼고: 전체 스캔 (연습 문제: 격자)
std::vector<int> Server::players_in_view(int id) {
  const Client& me = clients_[index_of(id)];
  std::vector<int> ids;
  for (int i = 0; i < config_.max_clients; ++i) {
    const Client& other = clients_[i];
    if (other.phase == Phase::Playing && &other != &me && in_view(other, me.x, me.y))
      ids.push_back(other.id);
  }
  return ids;
}
// [/lesson:view]

// [lesson:move]
bool Server::on_move(Client& c, const std::string& packet) {
  CsMove move;
  if (packet.size() != sizeof move) return false;
  std::memcpy(&move, packet.data(), sizeof move);
  if (move.dir > kRight) return false;  // a field out of range: a violation
  //ko: 범위 밖의 필드: 규칙 위반
  std::vector<int> before = players_in_view(c.id);
  int old_x = c.x, old_y = c.y;
  int dx[] = {0, 0, -1, 1}, dy[] = {-1, 1, 0, 0};  // one tile, clamped at the edge
  //ko: 한 칸, 세상 끝에서는 멈춘다
  c.x = std::clamp(c.x + dx[move.dir], 0, config_.world - 1);
  c.y = std::clamp(c.y + dy[move.dir], 0, config_.world - 1);
  // The echo goes to the mover ALWAYS, even when clamped: seq and client_time unchanged.
  //ko: 움직인 본인에게는 언제나, 막혔어도 돌려준다: seq와 client_time은 그대로.
  ScMovePlayer moved = make<ScMovePlayer>(SC_MOVE_PLAYER);
  moved.id = (uint32_t)c.id;
  moved.x = (uint16_t)c.x;
  moved.y = (uint16_t)c.y;
  moved.seq = move.seq;
  moved.client_time = move.client_time;
  send_to(c.id, bytes_of(moved));
  std::vector<int> after = players_in_view(c.id);
  for (int other_id : after) {
    if (std::find(before.begin(), before.end(), other_id) != before.end()) {
      send_to(other_id, bytes_of(moved));  // saw it before, sees it now: it moved
      //ko: 전에도 봤고 지금도 본다: 움직였다
      continue;
    }
    send_to(other_id, bytes_of(add_player(c)));  // entered each other's view
    //ko: 서로의 시야에 들어왔다
    send_to(c.id, bytes_of(add_player(clients_[index_of(other_id)])));
  }
  for (int other_id : before) {
    if (std::find(after.begin(), after.end(), other_id) != after.end()) continue;
    send_to(other_id, bytes_of(remove_player(c.id)));  // left each other's view
    //ko: 서로의 시야에서 나갔다
    send_to(c.id, bytes_of(remove_player(other_id)));
  }
  show_npcs(c, true, old_x, old_y);  // NPCs entering and leaving its view (stage 16)
  //ko: 시야에 들어오고 나가는 NPC (16단계)
  return true;
}

ScRemovePlayer Server::remove_player(int id) {
  ScRemovePlayer p = make<ScRemovePlayer>(SC_REMOVE_PLAYER);
  p.id = (uint32_t)id;
  return p;
}
// [/lesson:move]

// [lesson:leave]
// c's recv loop has ended; c.lock is held and let go meanwhile: the world lock comes first.
//ko: c의 recv 루프가 끝났다. c.lock은 잡힌 채 오고, 그동안 놓는다: 월드 락이 먼저다.
void Server::leave_world(Client& c, std::unique_lock<std::mutex>& held) {
  ++c.pending;
  held.unlock();
  {
    std::lock_guard<std::mutex> world(world_lock_);
    leave_world_locked(c);
    c.phase = Phase::Login;  // ready for the slot's next client
    //ko: 이 칸의 다음 클라이언트를 맞을 준비
  }
  held.lock();
  --c.pending;
}

// Off the grid (a logout, or the end): whoever saw it is told; its spot is kept.
//ko: 그리드에서 내려온다(로그아웃, 또는 끝): 보던 이들에게 알리고, 자리는 기억해 둔다.
void Server::leave_world_locked(Client& c) {
  if (c.phase == Phase::Playing) {
    for (int other_id : players_in_view(c.id)) send_to(other_id, bytes_of(remove_player(c.id)));
    std::string name(c.name, strnlen(c.name, sizeof c.name));
    online_.erase(name);
    submit(new StoreJob{{{}, Op::Store, c.id}, StoreJob::Save, name, "", c.x, c.y});  // nobody waits for it
    //ko: 아무도 기다리지 않는다
  }
  c.phase = Phase::Done;
}
// [/lesson:leave]

// [lesson:graceful]
// The frames already queued are delivered, then the end of the stream: closing at once
// would abort the sends in flight. Takes the client's lock: world, then client.
//ko: 이미 쌓인 프레임을 다 보낸 뒤 스트림의 끝을 보낸다. 바로 닫으면 걸려 있던 send가
//ko: 취소된다. 클라이언트 락을 잡는다: 월드 다음에 클라이언트.
void Server::end_when_sent(int id) {
  Client& c = clients_[index_of(id)];
  std::lock_guard<std::mutex> guard(c.lock);
  if (c.id != id || c.state != ClientState::Connected) return;
  c.end_when_sent = true;
  if (c.send_bytes == 0) {  // nothing in flight: end now
    //ko: 걸린 send가 없다: 지금 끝낸다
    c.end_when_sent = false;
    shutdown(c.socket, SD_SEND);
  }
}
// [/lesson:graceful]

// [lesson:login-timeout]
// The world first (the phase is the world's), then the client: the usual order. The ID
// check drops the event of a client that left, even if its slot has a new occupant now.
//ko: 월드 먼저(phase는 월드의 것이다), 그다음 클라이언트: 늘 쓰는 순서다. ID를 확인하므로,
//ko: 떠난 클라이언트의 이벤트는 그 칸에 새 주인이 와 있어도 버려진다.
void Server::on_login_timeout(int id) {
  std::lock_guard<std::mutex> world(world_lock_);
  Client& c = clients_[index_of(id)];
  std::lock_guard<std::mutex> guard(c.lock);
  if (c.id != id || c.state != ClientState::Connected || c.phase != Phase::Login) return;
  log("client %d: no login within %d ms: closing", id, config_.login_timeout_ms);
  close_client(c);
  release_if_done(c);
}
// [/lesson:login-timeout]

static ScAddPlayer add_npc(const Npc& n) {
  ScAddPlayer p = make<ScAddPlayer>(SC_ADD_PLAYER);
  p.id = (uint32_t)n.id;
  p.x = (uint16_t)n.x;
  p.y = (uint16_t)n.y;
  std::snprintf(p.name, sizeof p.name, "npc%u", (unsigned)n.id & ~kNpcBit);
  return p;
}

// [lesson:npc-move]
// One step in a random direction; every player who saw it or sees it now is told. Then
// the NPC queues its next step only if a player is still near; otherwise it sleeps.
//ko: 무작위 방향으로 한 칸. 전에 봤거나 지금 보는 플레이어에게 알린다. 그다음 아직 가까이
//ko: 플레이어가 있을 때만 다음 걸음을 걸어 두고, 아니면 잠든다.
void Server::on_npc_move(int id) {
  std::lock_guard<std::mutex> world(world_lock_);
  Npc& n = npcs_[(uint32_t)id & ~kNpcBit];
  int old_x = n.x, old_y = n.y, dir = (int)(random_() % 4);
  int dx[] = {0, 0, -1, 1}, dy[] = {-1, 1, 0, 0};
  n.x = std::clamp(n.x + dx[dir], 0, config_.world - 1);
  n.y = std::clamp(n.y + dy[dir], 0, config_.world - 1);
  ScMovePlayer moved = make<ScMovePlayer>(SC_MOVE_PLAYER);  // seq and client_time 0: no request
  //ko: seq와 client_time은 0: 요청이 없었다
  moved.id = (uint32_t)n.id;
  moved.x = (uint16_t)n.x;
  moved.y = (uint16_t)n.y;
  bool watched = false;  // does any player see it now?
  //ko: 지금 이 NPC를 보는 플레이어가 있나?
  for (int i = 0; i < config_.max_clients; ++i) {
    const Client& p = clients_[i];
    if (p.phase != Phase::Playing) continue;
    bool before = in_view(p, old_x, old_y), now = in_view(p, n.x, n.y);
    if (before && now) send_to(p.id, bytes_of(moved));
    else if (now) send_to(p.id, bytes_of(add_npc(n)));
    else if (before) send_to(p.id, bytes_of(remove_player(n.id)));
    watched = watched || now;
  }
  if (watched) timers_.add(kNpcMoveKey, n.id, config_.npc_move_ms);  // the next step
  //ko: 다음 걸음
  else n.awake = false;  // nobody near: it sleeps until a player comes into view
  //ko: 아무도 없다: 플레이어가 시야에 들어올 때까지 잠든다
}
// [/lesson:npc-move]

// [lesson:npc-view]
// c logged in (saw_before false) or moved from (old_x, old_y); the world is locked. NPCs
// that came into its view are shown to it and woken, those that left it are removed.
//ko: c가 로그인했거나(saw_before가 false) (old_x, old_y)에서 움직였다. 월드는 잠겨 있다.
//ko: 시야에 들어온 NPC는 보여 주고 깨우며, 시야에서 나간 NPC는 지운다.
void Server::show_npcs(const Client& c, bool saw_before, int old_x, int old_y) {
  for (Npc& n : npcs_) {
    bool before = saw_before && std::abs(old_x - n.x) <= config_.view && std::abs(old_y - n.y) <= config_.view;
    bool now = in_view(c, n.x, n.y);
    if (now && !before) send_to(c.id, bytes_of(add_npc(n)));
    if (before && !now) send_to(c.id, bytes_of(remove_player(n.id)));
    if (now && !n.awake) {  // one event per NPC: a second would make it walk twice as fast
      //ko: NPC 하나에 이벤트 하나: 둘이면 두 배로 빨리 걷는다
      n.awake = true;
      timers_.add(kNpcMoveKey, n.id, config_.npc_move_ms);
    }
  }
}
// [/lesson:npc-view]

int Server::npcs_awake() {
  std::lock_guard<std::mutex> world(world_lock_);
  return (int)std::count_if(npcs_.begin(), npcs_.end(), [](const Npc& n) { return n.awake; });
}
