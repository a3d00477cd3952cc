// game.cpp — stage 12: the login of docs/PROTOCOL.md (accounts in memory, SC_LOGIN_OK or
// SC_LOGIN_FAIL) and the enter notices. Runs with world_lock_ held.
#include <algorithm>

#include "protocol.h"
#include "server.h"

// [lesson:dispatch]
// In stream order, the world locked. Returns false for a violation: the caller closes.
//ko: 스트림 순서대로, 월드를 잠그고. 규칙 위반이면 false: 부른 쪽이 닫는다.
bool Server::process_packet(int from_id, const std::string& packet) {
  std::lock_guard<std::mutex> world(world_lock_);
  Client& c = clients_[index_of(from_id)];
  unsigned type = packet_type(packet.data());
  if (c.phase == Phase::Login && type == CS_LOGIN) return on_login(c, packet);
  if (c.phase == Phase::Done) return true;  // the login failed: ignore the rest
  //ko: 로그인 실패: 나머지는 무시
  if (c.phase == Phase::Login || type == CS_LOGIN) {  // before the login, or a second one
    //ko: 로그인 전, 또는 두 번째 로그인
    log("client %d: violation: packet type %u", c.id, type);
    return false;
  }
  return true;  // on the grid: stage 13 handles CS_MOVE and CS_LOGOUT
  //ko: 그리드 위: CS_MOVE와 CS_LOGOUT은 13단계에서
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
    c.phase = Phase::Done;  // the client closes; stage 13 closes from our side too
    //ko: 클라이언트가 닫는다. 13단계는 우리 쪽에서도 닫는다
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
  ok.view = (uint16_t)config_.world;  // no view radius yet (stage 13): everyone sees everyone
  //ko: 아직 시야 반경이 없다(13단계): 모두가 모두를 본다
  send_to(c.id, bytes_of(ok));
  for (int i = 0; i < config_.max_clients; ++i) {  // the enter notices, both ways
    //ko: 들어옴 알림, 양쪽으로
    Client& other = clients_[i];
    if (other.phase != Phase::Playing || &other == &c) continue;
    send_to(c.id, bytes_of(add_player(other)));
    send_to(other.id, bytes_of(add_player(c)));
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

// [lesson:leave]
// c's recv loop has ended; c.lock is held and let go meanwhile: the world lock comes first.
//ko: c의 recv 루프가 끝났다. c.lock은 잡힌 채 오고, 그동안 놓는다: 월드 락이 먼저다.
void Server::leave_world(Client& c, std::unique_lock<std::mutex>& held) {
  ++c.pending;
  held.unlock();
  {
    std::lock_guard<std::mutex> world(world_lock_);
    if (c.phase == Phase::Playing) {
      Account& account = accounts_[std::string(c.name, strnlen(c.name, sizeof c.name))];
      account.x = c.x;
      account.y = c.y;
      account.online = false;
    }
    c.phase = Phase::Login;  // ready for the slot's next client (telling the others: stage 13)
    //ko: 이 칸의 다음 클라이언트를 맞을 준비 (다른 이에게 알리기는 13단계)
  }
  held.lock();
  --c.pending;
}
// [/lesson:leave]
