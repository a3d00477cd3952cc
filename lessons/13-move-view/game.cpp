// game.cpp — stage 13: the protocol of docs/PROTOCOL.md on a grid: login, move, view (who
// sees whom), logout and leaving. Runs with world_lock_ held.
#include <algorithm>
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
  std::string name, password;
  uint8_t fail = 0;
  auto known = accounts_.end();
  if (!read_field(login.name, &name) || !read_field(login.password, &password))
    fail = kInvalidField;
  else if ((known = accounts_.find(name)) != accounts_.end() && known->second.password != password)
    fail = kWrongPassword;
  else if (known != accounts_.end() && known->second.online)
    fail = kAlreadyLoggedIn;
  if (fail != 0) {
    log("client %d: login failed (reason %u)", c.id, (unsigned)fail);
    ScLoginFail answer = make<ScLoginFail>(SC_LOGIN_FAIL);
    answer.reason = fail;
    send_to(c.id, bytes_of(answer));
    c.phase = Phase::Done;
    end_when_sent(c.id);  // graceful: the client reads SC_LOGIN_FAIL, then the end
    //ko: 우아하게: 클라이언트는 SC_LOGIN_FAIL을 읽고 나서 끝을 본다
    return true;
  }
  if (known == accounts_.end())  // a new name registers; it starts in the middle
    //ko: 처음 보는 이름은 가입이다. 한가운데서 시작한다
    known = accounts_.emplace(name, Account{password, config_.world / 2, config_.world / 2, false}).first;
  known->second.online = true;
  std::memcpy(c.name, login.name, sizeof c.name);
  c.x = std::min(known->second.x, config_.world - 1);
  c.y = std::min(known->second.y, config_.world - 1);
  c.phase = Phase::Playing;
  log("client %d: %s logged in at (%d,%d)", c.id, name.c_str(), c.x, c.y);
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
  return true;
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
    Account& account = accounts_[std::string(c.name, strnlen(c.name, sizeof c.name))];
    account.x = c.x;
    account.y = c.y;
    account.online = false;
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
