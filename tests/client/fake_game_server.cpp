#include "fake_game_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "protocol/packet_assembler.h"
#include "protocol/protocol.h"

namespace iocplab::client::testing {
namespace proto = iocplab::proto;

static int64_t mono_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct FakeGameServer::Conn {
  int fd = -1;
  std::string name;  // empty until logged in
  bool observe = false, closing = false;
  std::vector<uint8_t> out;
  proto::PacketAssembler in;
};

FakeGameServer::FakeGameServer() {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(listen_fd_, 128) != 0) {
    throw std::runtime_error("fake server: bind/listen failed");
  }
  socklen_t len = sizeof a;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  start_ms_ = mono_ms();
  thread_ = std::thread(&FakeGameServer::run, this);
}

FakeGameServer::~FakeGameServer() {
  stop_ = true;
  thread_.join();
  for (auto& [fd, c] : conns_) close(fd);
  close(listen_fd_);
}

std::map<std::string, FakeGameServer::Player> FakeGameServer::snapshot() const {
  std::lock_guard lock(mutex_);
  return players_;
}

static bool in_view(const FakeGameServer::Player& a, const FakeGameServer::Player& b) {
  return std::abs(int(a.x) - int(b.x)) <= FakeGameServer::kView && std::abs(int(a.y) - int(b.y)) <= FakeGameServer::kView;
}

void FakeGameServer::send_to(Conn& c, const std::vector<uint8_t>& frame) {
  c.out.insert(c.out.end(), frame.begin(), frame.end());
  packets_out_++;
  if (!c.name.empty()) players_[c.name].frames_out++;
}

void FakeGameServer::leave(Conn& c) {
  if (c.name.empty()) return;
  std::lock_guard lock(mutex_);
  Player& me = players_[c.name];
  me.online = false;
  for (auto& [fd, o] : conns_) {
    if (o.get() == &c || o->name.empty()) continue;
    if (in_view(me, players_[o->name])) send_to(*o, proto::to_bytes(proto::ScRemovePlayer{me.id}));
  }
  c.name.clear();
}

void FakeGameServer::handle(Conn& c, const uint8_t* data, size_t size) {
  std::span<const uint8_t> frame(data, size);
  proto::Packet packet;
  packets_in_++;
  if (proto::decode_any(frame, packet) != proto::DecodeError::None) { violations_++; c.closing = true; return; }
  std::lock_guard lock(mutex_);
  if (!c.name.empty()) players_[c.name].frames_in++;

  if (auto* login = std::get_if<proto::CsLogin>(&packet)) {
    std::string name, pw;
    if (!c.name.empty()) { violations_++; c.closing = true; return; }
    if (!proto::valid_name_field(login->name, &name) || !proto::valid_password_field(login->password, &pw)) {
      send_to(c, proto::to_bytes(proto::ScLoginFail{4}));
      c.closing = true;
      return;
    }
    auto known = passwords_.find(name);
    if (known != passwords_.end() && known->second != pw) { send_to(c, proto::to_bytes(proto::ScLoginFail{1})); c.closing = true; return; }
    if (players_[name].online) { send_to(c, proto::to_bytes(proto::ScLoginFail{2})); c.closing = true; return; }
    passwords_[name] = pw;
    Player& me = players_[name];
    if (me.id == 0) {
      // New account: spawn on a 7x7 patch around the middle, in login order.
      me.x = uint16_t(kWorld / 2 - 3 + spawned_ % 7);
      me.y = uint16_t(kWorld / 2 - 3 + (spawned_ / 7) % 7);
      spawned_++;
    }
    me.id = next_id_++;
    me.online = true;
    me.frames_in = 1;
    c.name = name;
    send_to(c, proto::to_bytes(proto::ScLoginOk{me.id, me.x, me.y, kWorld, kWorld, kView}));
    for (auto& [fd, o] : conns_) {
      if (o.get() == &c || o->name.empty()) continue;
      Player& other = players_[o->name];
      if (!in_view(me, other)) continue;
      send_to(c, proto::to_bytes(proto::ScAddPlayer{other.id, other.x, other.y, o->name}));
      send_to(*o, proto::to_bytes(proto::ScAddPlayer{me.id, me.x, me.y, name}));
    }
    return;
  }
  if (c.name.empty()) { violations_++; c.closing = true; return; }
  Player& me = players_[c.name];
  if (auto* mv = std::get_if<proto::CsMove>(&packet)) {
    Player before = me;
    if (mv->dir == 0 && me.y > 0) me.y--;
    if (mv->dir == 1 && me.y < kWorld - 1) me.y++;
    if (mv->dir == 2 && me.x > 0) me.x--;
    if (mv->dir == 3 && me.x < kWorld - 1) me.x++;
    proto::ScMovePlayer echo{me.id, me.x, me.y, mv->seq, mv->client_time};
    send_to(c, proto::to_bytes(echo));
    for (auto& [fd, o] : conns_) {
      if (o.get() == &c || o->name.empty()) continue;
      Player& other = players_[o->name];
      bool was = in_view(before, other), is = in_view(me, other);
      if (was && is) send_to(*o, proto::to_bytes(echo));
      if (!was && is) {
        send_to(*o, proto::to_bytes(proto::ScAddPlayer{me.id, me.x, me.y, c.name}));
        send_to(c, proto::to_bytes(proto::ScAddPlayer{other.id, other.x, other.y, o->name}));
      }
      if (was && !is) {
        send_to(*o, proto::to_bytes(proto::ScRemovePlayer{me.id}));
        send_to(c, proto::to_bytes(proto::ScRemovePlayer{other.id}));
      }
    }
  } else if (auto* chat = std::get_if<proto::CsChat>(&packet)) {
    for (auto& [fd, o] : conns_) {
      if (o->name.empty() || !(o.get() == &c || in_view(me, players_[o->name]))) continue;
      send_to(*o, proto::to_bytes(proto::ScChat{me.id, chat->text}));
    }
  } else if (auto* obs = std::get_if<proto::CsObserve>(&packet)) {
    c.observe = obs->on == 1;
    c.in.set_recording(c.observe);
  } else if (std::holds_alternative<proto::CsLogout>(packet)) {
    c.closing = true;
  } else {
    violations_++;
    c.closing = true;
  }
}

void FakeGameServer::telemetry() {
  std::lock_guard lock(mutex_);
  uint32_t uptime = uint32_t(mono_ms() - start_ms_);
  proto::ScTelemetryTotals t;
  t.uptime_ms = uptime;
  t.sessions = t.slots_in_use = uint32_t(conns_.size());
  t.max_sessions = 10000;
  for (auto& [name, p] : players_) t.players_online += p.online ? 1 : 0;
  t.packets_in = packets_in_;
  t.packets_out = packets_out_;
  t.bytes_in = bytes_in_;
  t.bytes_out = bytes_out_;
  t.violations = violations_;
  // Two pretend workers sharing the work, one posted completion per snapshot.
  proto::ScTelemetryThreads th;
  th.uptime_ms = uptime;
  for (uint8_t i = 0; i < 2; ++i) {
    proto::ThreadRecord r;
    r.index = i;
    r.accepts = uint32_t(next_id_ / 2);
    r.recvs = uint32_t((recvs_ + i) / 2);
    r.sends = uint32_t((sends_ + i) / 2);
    r.posted = uptime / 200;
    r.busy_us = uint32_t(recvs_ * 15 + sends_ * 5) / 2;
    r.wait_us = uptime * 1000 - r.busy_us;
    th.threads.push_back(r);
  }
  for (auto& [fd, c] : conns_) {
    if (!c->observe || c->name.empty()) continue;
    send_to(*c, proto::to_bytes(t));
    send_to(*c, proto::to_bytes(th));
    proto::ScTelemetryRecv rv;
    uint32_t dropped = 0;
    rv.chunks = c->in.take_records(&dropped);
    rv.dropped = uint8_t(dropped > 255 ? 255 : dropped);
    send_to(*c, proto::to_bytes(rv));
  }
}

void FakeGameServer::run() {
  int64_t next_telemetry = mono_ms() + 200;
  while (!stop_) {
    std::vector<pollfd> fds{{listen_fd_, POLLIN, 0}};
    for (auto& [fd, c] : conns_) fds.push_back({fd, short(POLLIN | (c->out.empty() ? 0 : POLLOUT)), 0});
    poll(fds.data(), fds.size(), 20);
    if (fds[0].revents & POLLIN) {
      for (int fd; (fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0;) {
        auto c = std::make_unique<Conn>();
        c->fd = fd;
        conns_[fd] = std::move(c);
      }
    }
    std::vector<int> dead;
    for (size_t i = 1; i < fds.size(); ++i) {
      auto it = conns_.find(fds[i].fd);
      if (it == conns_.end()) continue;
      Conn& c = *it->second;
      if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) {
        uint8_t buf[4096];
        ssize_t n = recv(c.fd, buf, sizeof buf, 0);
        if (n <= 0) {
          dead.push_back(c.fd);
          continue;
        }
        recvs_++;
        bytes_in_ += size_t(n);
        auto st = c.in.feed(std::span<const uint8_t>(buf, size_t(n)), [&](std::span<const uint8_t> f) {
          if (!c.closing) handle(c, f.data(), f.size());
        });
        if (st != proto::PacketAssembler::Status::Ok) { violations_++; c.closing = true; }
      }
      while (!c.out.empty()) {
        ssize_t n = send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
        if (n <= 0) break;
        sends_++;
        bytes_out_ += size_t(n);
        c.out.erase(c.out.begin(), c.out.begin() + n);
      }
      if (c.closing && c.out.empty()) dead.push_back(c.fd);
    }
    for (int fd : dead) {
      auto it = conns_.find(fd);
      if (it == conns_.end()) continue;
      leave(*it->second);
      close(fd);
      conns_.erase(it);
    }
    if (mono_ms() >= next_telemetry) {
      telemetry();
      next_telemetry += 200;
    }
  }
  for (auto& [fd, c] : conns_) leave(*c);
}

}  // namespace iocplab::client::testing
