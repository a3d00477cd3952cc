// game.cpp — stage 07: the protocol of PROTOCOL.md on a grid. Login, move, view (who sees
// whom), logout and leaving. Every function here runs with world_lock_ held, except
// process_packet and leave_world, which take it.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <span>

#include "protocol/protocol.h"
#include "server.h"

namespace proto = iocplab::proto;

namespace {

std::span<const uint8_t> bytes_of(const std::string& packet) {
  return {reinterpret_cast<const uint8_t*>(packet.data()), packet.size()};
}

// [lesson:frame]
// Encodes one packet into a frame, once: the same bytes then go to every recipient.
template <class Packet>
std::string frame(const Packet& p) {
  std::vector<uint8_t> out = proto::to_bytes(p);
  return std::string(out.begin(), out.end());
}
// [/lesson:frame]

std::string name_of(const Client& c) { return std::string(c.name, strnlen(c.name, sizeof c.name)); }

}  // namespace

// [lesson:dispatch]
// Frames are handled in stream order, one at a time per client, the world locked. Before
// the login only CS_LOGIN is allowed; after a logout or a failed login, nothing counts.
bool Server::process_packet(int from_id, const std::string& packet) {
  std::lock_guard<std::mutex> world(world_lock_);
  Client& c = clients_[index_of(from_id)];
  unsigned type = packet_type(packet.data());
  if (c.phase == Phase::Done) return true;
  if (c.phase == Phase::Login) {
    if (type == (unsigned)proto::Type::CsLogin) return on_login(c, packet);
    log("client %d: violation: %s before the login", c.id, proto::type_name((uint8_t)type));
    return false;
  }
  switch ((proto::Type)type) {
    case proto::Type::CsMove: return on_move(c, packet);
    case proto::Type::CsLogout: return on_logout(c, packet);
    case proto::Type::CsChat: return on_chat(c, packet);
    case proto::Type::CsObserve: return on_observe(c, packet);
    default:  // a second CS_LOGIN, a server-to-client type, an unknown type
      log("client %d: violation: packet type %u (%s) after the login", c.id, type,
          proto::type_name((uint8_t)type));
      return false;
  }
}
// [/lesson:dispatch]

// [lesson:view]
bool Server::in_view(const Client& a, int x, int y) const {
  return std::abs(a.x - x) <= config_.view && std::abs(a.y - y) <= config_.view;
}

// Everyone on the grid who sees `id` (the player itself left out). A full scan of the
// client array: fine for a lesson; server/game asks a spatial grid instead.
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

// [lesson:login]
bool Server::on_login(Client& c, const std::string& packet) {
  proto::CsLogin login;
  if (proto::decode(bytes_of(packet), login) != proto::DecodeError::None) {
    log("client %d: violation: CS_LOGIN of %lu bytes", c.id, (unsigned long)packet.size());
    return false;
  }
  std::string name, password;
  uint8_t fail = 0;
  if (!proto::valid_name_field(login.name, &name) || !proto::valid_password_field(login.password, &password))
    fail = (uint8_t)proto::LoginFail::InvalidField;
  auto known = accounts_.find(name);
  if (fail == 0 && known != accounts_.end() && known->second.password != password)
    fail = (uint8_t)proto::LoginFail::WrongPassword;
  else if (fail == 0 && known != accounts_.end() && known->second.online)
    fail = (uint8_t)proto::LoginFail::AlreadyLoggedIn;
  if (fail != 0) {
    log("client %d: login failed (reason %u)", c.id, (unsigned)fail);
    send_to(c.id, frame(proto::ScLoginFail{fail}));
    c.phase = Phase::Done;
    end_when_sent(c.id);  // graceful: the client reads SC_LOGIN_FAIL, then the end
    return true;
  }
  if (known == accounts_.end())  // a new name registers; it starts in the middle
    known = accounts_.emplace(name, Account{password, config_.world / 2, config_.world / 2, false}).first;
  Account& account = known->second;
  account.online = true;
  std::memset(c.name, 0, sizeof c.name);
  std::memcpy(c.name, name.data(), name.size());
  c.x = std::min(account.x, config_.world - 1);  // a saved spot in a smaller world is clamped
  c.y = std::min(account.y, config_.world - 1);
  c.phase = Phase::Playing;
  log("client %d: %s logged in at (%d,%d)", c.id, name.c_str(), c.x, c.y);
  send_to(c.id, frame(proto::ScLoginOk{(uint32_t)c.id, (uint16_t)c.x, (uint16_t)c.y, (uint16_t)config_.world,
                                       (uint16_t)config_.world, (uint16_t)config_.view}));
  std::string me = frame(proto::ScAddPlayer{(uint32_t)c.id, (uint16_t)c.x, (uint16_t)c.y, name});
  for (int other_id : players_in_view(c.id)) {  // we see them, they see us
    const Client& other = clients_[index_of(other_id)];
    send_to(c.id, frame(proto::ScAddPlayer{(uint32_t)other.id, (uint16_t)other.x, (uint16_t)other.y, name_of(other)}));
    send_to(other_id, me);
  }
  return true;
}
// [/lesson:login]

// [lesson:move]
bool Server::on_move(Client& c, const std::string& packet) {
  proto::CsMove move;
  proto::DecodeError error = proto::decode(bytes_of(packet), move);
  if (error != proto::DecodeError::None) {  // a wrong size, or dir > 3
    log("client %d: violation: CS_MOVE %s", c.id, proto::to_string(error));
    return false;
  }
  std::vector<int> before = players_in_view(c.id);
  int old_x = c.x, old_y = c.y;
  switch ((proto::Dir)move.dir) {  // one tile, clamped at the edge of the world
    case proto::Dir::Up: c.y = std::max(c.y - 1, 0); break;
    case proto::Dir::Down: c.y = std::min(c.y + 1, config_.world - 1); break;
    case proto::Dir::Left: c.x = std::max(c.x - 1, 0); break;
    case proto::Dir::Right: c.x = std::min(c.x + 1, config_.world - 1); break;
  }
  log("client %d: move %u seq %u (%d,%d) -> (%d,%d)", c.id, (unsigned)move.dir, move.seq, old_x, old_y, c.x, c.y);
  // The echo goes to the mover ALWAYS, even when the edge clamped the move: its seq and
  // client_time come back unchanged, so the client can match it to its request.
  std::string moved = frame(proto::ScMovePlayer{(uint32_t)c.id, (uint16_t)c.x, (uint16_t)c.y, move.seq, move.client_time});
  send_to(c.id, moved);
  std::vector<int> after = players_in_view(c.id);
  std::string added = frame(proto::ScAddPlayer{(uint32_t)c.id, (uint16_t)c.x, (uint16_t)c.y, name_of(c)});
  for (int other_id : after) {
    bool saw_me = std::find(before.begin(), before.end(), other_id) != before.end();
    if (saw_me) {
      send_to(other_id, moved);
      continue;
    }
    const Client& other = clients_[index_of(other_id)];  // entered each other's view
    send_to(other_id, added);
    send_to(c.id, frame(proto::ScAddPlayer{(uint32_t)other_id, (uint16_t)other.x, (uint16_t)other.y, name_of(other)}));
  }
  for (int other_id : before) {
    if (std::find(after.begin(), after.end(), other_id) != after.end()) continue;
    send_to(other_id, frame(proto::ScRemovePlayer{(uint32_t)c.id}));  // left each other's view
    send_to(c.id, frame(proto::ScRemovePlayer{(uint32_t)other_id}));
  }
  return true;
}
// [/lesson:move]

// [lesson:logout]
bool Server::on_logout(Client& c, const std::string& packet) {
  if (packet.size() != proto::kLogoutSize) {
    log("client %d: violation: CS_LOGOUT of %lu bytes", c.id, (unsigned long)packet.size());
    return false;
  }
  leave_world_locked(c);
  end_when_sent(c.id);  // what is queued goes out, then the end of the stream
  return true;
}

// The player steps off the grid: whoever saw it is told, its spot is kept for next time.
void Server::leave_world_locked(Client& c) {
  if (c.phase == Phase::Playing) {
    std::string removed = frame(proto::ScRemovePlayer{(uint32_t)c.id});
    for (int other_id : players_in_view(c.id)) send_to(other_id, removed);
    Account& account = accounts_[name_of(c)];
    account.x = c.x;
    account.y = c.y;
    account.online = false;
    log("client %d: %s left at (%d,%d)", c.id, name_of(c).c_str(), c.x, c.y);
  }
  c.phase = Phase::Done;
}

// The recv loop of `id` has ended (disconnect, violation, slow reader, logout...).
void Server::leave_world(int id) {
  std::lock_guard<std::mutex> world(world_lock_);
  Client& c = clients_[index_of(id)];
  leave_world_locked(c);
  c.phase = Phase::Login;  // ready for the slot's next client
}
// [/lesson:logout]

// [lesson:chat]
// SC_CHAT to the speaker and to everyone in its view, and to no one else.
bool Server::on_chat(Client& c, const std::string& packet) {
  proto::CsChat chat;
  proto::DecodeError error = proto::decode(bytes_of(packet), chat);
  if (error != proto::DecodeError::None) {  // empty, over 200 bytes, or not UTF-8
    log("client %d: violation: CS_CHAT %s", c.id, proto::to_string(error));
    return false;
  }
  std::string said = frame(proto::ScChat{(uint32_t)c.id, chat.text});
  send_to(c.id, said);
  for (int other_id : players_in_view(c.id)) send_to(other_id, said);
  return true;
}
// [/lesson:chat]

// CS_OBSERVE asks for telemetry frames; server/ sends them, this stage only checks it.
bool Server::on_observe(Client& c, const std::string& packet) {
  proto::CsObserve observe;
  proto::DecodeError error = proto::decode(bytes_of(packet), observe);
  if (error != proto::DecodeError::None) {
    log("client %d: violation: CS_OBSERVE %s", c.id, proto::to_string(error));
    return false;
  }
  return true;
}

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

int Server::players_online() {
  std::lock_guard<std::mutex> world(world_lock_);
  int n = 0;
  for (int i = 0; i < config_.max_clients; ++i) n += clients_[i].phase == Phase::Playing;
  return n;
}
