// game.cpp — stage 10: the protocol of docs/PROTOCOL.md on a grid. Login, move, view (who
// sees whom), logout and leaving. Runs with world_lock_ held.
#include <algorithm>
#include <cstdlib>

#include "protocol.h"
#include "server.h"

// [lesson:dispatch]
// Frames are handled in stream order, one at a time per client, the world locked. Before
// the login only CS_LOGIN is allowed. Returns false for a violation: the caller closes.
bool Server::process_packet(int from_id, const std::string& packet) {
  std::lock_guard<std::mutex> world(world_lock_);
  Client& c = clients_[index_of(from_id)];
  unsigned type = packet_type(packet.data());
  bool ok = false;
  if (c.phase == Phase::Login && type == CS_LOGIN) {
    ok = on_login(c, packet);
  } else if (c.phase == Phase::Done) {
    ok = true;  // logged out or the login failed: the rest is ignored
  } else if (c.phase == Phase::Playing && type == CS_MOVE) {
    ok = on_move(c, packet);
  } else if (c.phase == Phase::Playing && type == CS_LOGOUT && packet.size() == sizeof(Header)) {
    leave_world_locked(c);
    end_when_sent(c.id);  // what is queued goes out, then the end of the stream
    ok = true;
  }
  if (!ok)  // before the login, a second login, a wrong size, a bad field, an unknown type
    log("client %d: violation: packet type %u, %lu bytes", c.id, type, (unsigned long)packet.size());
  return ok;
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
    c.phase = Phase::Done;
    end_when_sent(c.id);  // graceful: the client reads SC_LOGIN_FAIL, then the end
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
  ok.view = (uint16_t)config_.view;
  send_to(c.id, bytes_of(ok));
  for (int other_id : players_in_view(c.id)) {  // the enter notices, both ways, in view
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
// B is in A's view when |Ax-Bx| <= view and |Ay-By| <= view: a square around A.
bool Server::in_view(const Client& a, int x, int y) const {
  return std::abs(a.x - x) <= config_.view && std::abs(a.y - y) <= config_.view;
}

// Everyone on the grid who sees `id`, the player itself left out. A full scan of the
// client array: fine for a lesson; the exercise (and server/game) asks a grid of cells.
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
  std::vector<int> before = players_in_view(c.id);
  int dx[] = {0, 0, -1, 1}, dy[] = {-1, 1, 0, 0};  // one tile, clamped at the edge
  c.x = std::clamp(c.x + dx[move.dir], 0, config_.world - 1);
  c.y = std::clamp(c.y + dy[move.dir], 0, config_.world - 1);
  // The echo goes to the mover ALWAYS, even when the edge clamped the move: its seq and
  // client_time come back unchanged, so the client can match it to its request.
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
      continue;
    }
    send_to(other_id, bytes_of(add_player(c)));  // entered each other's view
    send_to(c.id, bytes_of(add_player(clients_[index_of(other_id)])));
  }
  for (int other_id : before) {
    if (std::find(after.begin(), after.end(), other_id) != after.end()) continue;
    send_to(other_id, bytes_of(remove_player(c.id)));  // left each other's view
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
// The player steps off the grid: whoever saw it is told, its spot is kept for next time.
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

// The recv loop of `id` has ended (disconnect, violation, slow reader, logout).
void Server::leave_world(int id) {
  std::lock_guard<std::mutex> world(world_lock_);
  Client& c = clients_[index_of(id)];
  leave_world_locked(c);
  c.phase = Phase::Login;  // ready for the slot's next client
}
// [/lesson:leave]

// [lesson:graceful]
// Ends the stream gracefully: the frames already queued are delivered, then the client
// reads the end of the stream (it closes; our recv then ends the loop). Closing at once
// would abort the sends in flight. Takes the client's lock: world, then client.
void Server::end_when_sent(int id) {
  Client& c = clients_[index_of(id)];
  std::lock_guard<std::mutex> guard(c.lock);
  if (c.id != id || c.state != ClientState::Connected) return;
  c.end_when_sent = true;
  if (c.send_bytes == 0) {  // nothing in flight: end now
    c.end_when_sent = false;
    shutdown(c.socket, SD_SEND);
  }
}
// [/lesson:graceful]
