// game.cpp — stage 09: the login of docs/PROTOCOL.md (accounts in memory, SC_LOGIN_OK or
// SC_LOGIN_FAIL) and the enter notices. Runs with world_lock_ held.
#include <algorithm>

#include "protocol.h"
#include "server.h"

// [lesson:dispatch]
// Frames are handled in stream order, one at a time per client, the world locked. Before
// the login only CS_LOGIN is allowed. Returns false for a violation: the caller closes.
bool Server::process_packet(int from_id, const std::string& packet) {
  std::lock_guard<std::mutex> world(world_lock_);
  Client& c = clients_[index_of(from_id)];
  unsigned type = packet_type(packet.data());
  if (c.phase == Phase::Login && type == CS_LOGIN) return on_login(c, packet);
  if (c.phase == Phase::Done) return true;  // the login failed: ignore the rest
  if (c.phase == Phase::Login || type == CS_LOGIN) {
    log("client %d: violation: packet type %u %s the login", c.id, type,
        c.phase == Phase::Login ? "before" : "after");
    return false;
  }
  return true;  // on the grid: stage 10 handles CS_MOVE and CS_LOGOUT
}
// [/lesson:dispatch]

// [lesson:login]
bool Server::on_login(Client& c, const std::string& packet) {
  CsLogin login;
  if (packet.size() != sizeof login) return false;  // a wrong size for its type: a violation
  std::memcpy(&login, packet.data(), sizeof login);  // a copy: the bytes may be unaligned
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
    c.phase = Phase::Done;  // the client closes; stage 10 closes from our side too
    return true;
  }
  if (known == accounts_.end())  // a new name registers; it starts in the middle
    known = accounts_.emplace(name, Account{password, config_.world / 2, config_.world / 2, false}).first;
  known->second.online = true;
  std::memcpy(c.name, login.name, sizeof c.name);  // NUL-padded, as checked
  c.x = std::min(known->second.x, config_.world - 1);
  c.y = std::min(known->second.y, config_.world - 1);
  c.phase = Phase::Playing;
  log("client %d: %s logged in at (%d,%d)", c.id, name.c_str(), c.x, c.y);
  ScLoginOk ok = make<ScLoginOk>(SC_LOGIN_OK);
  ok.id = (uint32_t)c.id;
  ok.x = (uint16_t)c.x;
  ok.y = (uint16_t)c.y;
  ok.world_w = ok.world_h = (uint16_t)config_.world;
  ok.view = (uint16_t)config_.world;  // no view radius yet (stage 10): everyone sees everyone
  send_to(c.id, bytes_of(ok));
  for (int i = 0; i < config_.max_clients; ++i) {  // the enter notices, both ways
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
// The recv loop of `id` has ended (disconnect, violation, slow reader): the account is
// free again and keeps its spot. Telling the others comes with stage 10.
void Server::leave_world(int id) {
  std::lock_guard<std::mutex> world(world_lock_);
  Client& c = clients_[index_of(id)];
  if (c.phase == Phase::Playing) {
    Account& account = accounts_[std::string(c.name, strnlen(c.name, sizeof c.name))];
    account.x = c.x;
    account.y = c.y;
    account.online = false;
  }
  c.phase = Phase::Login;  // ready for the slot's next client
}
// [/lesson:leave]
