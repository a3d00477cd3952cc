#include "game_client.h"

#include <variant>

namespace iocplab::testing {

std::optional<proto::Packet> GameClient::next(std::chrono::milliseconds timeout) {
  auto f = conn.read_frame(timeout);
  if (!f) return std::nullopt;
  proto::Packet p;
  if (proto::decode_any(*f, p) != proto::DecodeError::None) {
    ++bad_frames;
    return std::nullopt;
  }
  apply(p);
  return p;
}

void GameClient::apply(const proto::Packet& p) {
  if (auto* ok = std::get_if<proto::ScLoginOk>(&p)) {
    id = ok->id;
    pos = {ok->x, ok->y};
    world = ok->world_w;
    view_radius = ok->view;
  } else if (auto* add = std::get_if<proto::ScAddPlayer>(&p)) {
    ++adds;
    view[add->id] = {add->x, add->y};
  } else if (auto* mv = std::get_if<proto::ScMovePlayer>(&p)) {
    if (mv->id == id) {
      pos = {mv->x, mv->y};
      last_echo_seq = mv->seq;
    } else {
      ++moves_seen;
      view[mv->id] = {mv->x, mv->y};
    }
  } else if (auto* rm = std::get_if<proto::ScRemovePlayer>(&p)) {
    ++removes;
    view.erase(rm->id);
  } else if (auto* chat = std::get_if<proto::ScChat>(&p)) {
    if (chat->id != id) ++chats_from_others;
    chats.emplace_back(chat->id, chat->text);
  } else if (std::holds_alternative<proto::ScTelemetryTotals>(p) ||
             std::holds_alternative<proto::ScTelemetryThreads>(p) ||
             std::holds_alternative<proto::ScTelemetryRecv>(p)) {
    ++telemetry_frames;
  }
}

std::optional<proto::ScLoginOk> GameClient::login(const std::string& name, const std::string& password,
                                                  const std::vector<uint8_t>& behind) {
  auto bytes = proto::to_bytes(proto::make_login(name, password));
  bytes.insert(bytes.end(), behind.begin(), behind.end());
  if (!conn.send_all(bytes)) return std::nullopt;
  for (;;) {
    auto p = next(5s);
    if (!p) return std::nullopt;
    if (auto* ok = std::get_if<proto::ScLoginOk>(&*p)) return *ok;
    if (std::holds_alternative<proto::ScLoginFail>(*p)) return std::nullopt;
  }
}

uint8_t GameClient::login_fail(const std::string& name, const std::string& password) {
  if (!send_packet(proto::make_login(name, password))) return 0;
  for (;;) {
    auto p = next(5s);
    if (!p) return 0;
    if (auto* fail = std::get_if<proto::ScLoginFail>(&*p)) return fail->reason;
    if (std::holds_alternative<proto::ScLoginOk>(*p)) return 0;
  }
}

bool GameClient::move(uint8_t dir) {
  proto::CsMove m;
  m.dir = dir;
  m.seq = ++seq;
  m.client_time = seq * 7;
  return send_packet(m);
}

bool GameClient::step(uint8_t dir) {
  if (!move(dir)) return false;
  const uint32_t want = seq;
  for (int i = 0; i < 10000; ++i) {
    auto p = next(5s);
    if (!p) return false;
    if (auto* mv = std::get_if<proto::ScMovePlayer>(&*p); mv && mv->id == id && mv->seq == want) return true;
  }
  return false;
}

bool GameClient::walk_to(uint16_t tx, uint16_t ty) {
  for (int i = 0; i < 4 * 65536 && pos != Pos{tx, ty}; ++i) {
    uint8_t dir = pos.first < tx ? 3 : pos.first > tx ? 2 : pos.second < ty ? 1 : 0;
    if (!step(dir)) return false;
  }
  return pos == Pos{tx, ty};
}

bool GameClient::sync(std::chrono::milliseconds timeout) {
  std::string text = "sync " + std::to_string(++sync_counter_);
  if (!send_packet(proto::CsChat{text})) return false;
  auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
    auto p = next(left);
    if (!p) return false;
    if (auto* chat = std::get_if<proto::ScChat>(&*p); chat && chat->id == id && chat->text == text) return true;
  }
  return false;
}

}  // namespace iocplab::testing
