#include "bot_loop.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "loopback.h"
#include "protocol/protocol.h"

namespace iocplab::stress {
namespace {

constexpr size_t kRecvBuffer = 64 * 1024;
constexpr int kMaxEvents = 256;
constexpr uint32_t kMaxConnectingAtOnce = 128;  // with --ramp-ms 0
constexpr int kStopCheckMs = 50;

uint64_t next_random(uint64_t& s) {  // xorshift64
  s ^= s << 13;
  s ^= s >> 7;
  s ^= s << 17;
  return s;
}

}  // namespace

void LoopCounters::add(const LoopCounters& o) {
  connects += o.connects;
  connect_errors += o.connect_errors;
  logins += o.logins;
  for (int i = 0; i < 7; ++i) login_fail[i] += o.login_fail[i];
  closed_by_server += o.closed_by_server;
  login_timeouts += o.login_timeouts;
  protocol_errors += o.protocol_errors;
  moves_sent += o.moves_sent;
  moves_blocked += o.moves_blocked;
  echoes += o.echoes;
  frames_in += o.frames_in;
  bytes_in += o.bytes_in;
  fd_exhausted = fd_exhausted || o.fd_exhausted;
}

uint64_t LoopCounters::errors() const {
  uint64_t fails = 0;
  for (uint64_t f : login_fail) fails += f;
  return connect_errors + fails + closed_by_server + login_timeouts + protocol_errors + moves_blocked;
}

BotLoop::BotLoop(const Options& opt, uint32_t index, uint32_t count, const RunClock& clock,
                 uint32_t ports_per_address)
    : opt_(opt),
      index_(index),
      count_(count),
      clock_(clock),
      ports_per_address_(ports_per_address),
      share_(opt.max_bots > index ? (opt.max_bots - index + count - 1) / count : 0),
      moves_(share_),
      scratch_in_(kRecvBuffer),
      rng_(0x9E3779B97F4A7C15ull ^ (uint64_t(index) + 1) * 0xBF58476D1CE4E5B9ull ^ clock.now_us()) {
  epfd_ = epoll_create1(EPOLL_CLOEXEC);
  bots_.reserve(share_);
  scratch_out_.reserve(proto::kMaxFrame);
}

BotLoop::~BotLoop() {
  for (auto& b : bots_)
    if (b && b->fd >= 0) ::close(b->fd);
  if (epfd_ >= 0) ::close(epfd_);
}

std::string BotLoop::first_error() {
  std::lock_guard lock(mu_);
  return first_error_;
}

uint64_t BotLoop::next_connect_due() const {
  uint64_t g = index_ + uint64_t(bots_.size()) * count_;
  return g * uint64_t(opt_.ramp_ms) * 1000;
}

void BotLoop::run() {
  epoll_event events[kMaxEvents];
  uint64_t now = clock_.now_us();
  while (!stop_.load(std::memory_order_relaxed)) {
    int n = epoll_wait(epfd_, events, kMaxEvents, wait_timeout_ms(now));
    if (n < 0 && errno != EINTR) break;
    now = clock_.now_us();
    std::lock_guard lock(mu_);
    for (int i = 0; i < n; ++i) on_event(uint32_t(events[i].data.u64), events[i].events, now);
    send_due_moves(now);
    start_due_connects(now);
  }
}

int BotLoop::wait_timeout_ms(uint64_t now) const {
  uint64_t due = now + uint64_t(kStopCheckMs) * 1000;
  if (!moves_.empty()) due = std::min(due, moves_.front().due_us);
  bool ramping = bots_.size() < share_ && !ramp_stopped_.load(std::memory_order_relaxed);
  if (ramping && (opt_.ramp_ms > 0 || connecting_ < kMaxConnectingAtOnce)) due = std::min(due, next_connect_due());
  if (due <= now) return 0;
  return int((due - now + 999) / 1000);
}

void BotLoop::start_due_connects(uint64_t now) {
  while (bots_.size() < share_ && !ramp_stopped_.load(std::memory_order_relaxed) &&
         next_connect_due() <= now) {
    if (opt_.ramp_ms == 0 && connecting_ >= kMaxConnectingAtOnce) return;
    connect_bot(index_ + uint32_t(bots_.size()) * count_, now);
  }
}

void BotLoop::connect_bot(uint32_t g, uint64_t now) {
  uint32_t slot = uint32_t(bots_.size());
  bots_.push_back(std::make_unique<Bot>());
  Bot& b = *bots_.back();
  b.number = g + 1;
  b.started_us = now;
  b.state = BotState::Connecting;
  ++connecting_;
  ++counters_.connects;
  auto fail = [&](const char* what, int err) {
    ++counters_.connect_errors;
    if (err == EMFILE || err == ENFILE) counters_.fd_exhausted = true;
    if (first_error_.empty()) first_error_ = std::string(what) + ": " + std::strerror(err);
    kill(b);
  };
  const sockaddr* target = reinterpret_cast<const sockaddr*>(&opt_.target.addr);
  b.fd = ::socket(target->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (b.fd < 0) return fail("socket", errno);
  int one = 1;
  setsockopt(b.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // moves are tiny: no Nagle delay
  if (auto src = source_address_for(g, ports_per_address_, opt_.target.v6)) {
    // Past one address's ephemeral ports: bind another 127.0.0.x, port chosen at connect.
    setsockopt(b.fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_addr = *src;
    if (::bind(b.fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin) < 0) return fail("bind", errno);
  }
  if (::connect(b.fd, target, opt_.target.len) < 0 && errno != EINPROGRESS) return fail("connect", errno);
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT;
  ev.data.u64 = slot;
  if (epoll_ctl(epfd_, EPOLL_CTL_ADD, b.fd, &ev) < 0) return fail("epoll_ctl", errno);
}

void BotLoop::on_event(uint32_t slot, uint32_t events, uint64_t now) {
  if (slot >= bots_.size()) return;
  Bot& b = *bots_[slot];
  if (b.state == BotState::Dead) return;
  if (b.state == BotState::Connecting) {
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(b.fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0 || (events & (EPOLLERR | EPOLLHUP))) {
      ++counters_.connect_errors;
      if (first_error_.empty()) first_error_ = std::string("connect: ") + std::strerror(err ? err : ECONNREFUSED);
      kill(b);
      return;
    }
    if (!(events & EPOLLOUT)) return;
    on_connected(b);
    update_interest(b, slot);
    if (b.state == BotState::Dead) return;
  } else if ((events & EPOLLOUT) && b.out_len > 0) {
    flush(b);
    if (b.state == BotState::Dead) return;
    if (b.out_len == 0) update_interest(b, slot);
  }
  if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) on_readable(b, now);
}

void BotLoop::on_connected(Bot& b) {
  char name[proto::kFieldLen + 1];
  size_t plen = opt_.name_prefix.copy(name, proto::kFieldLen);
  auto [end, ec] = std::to_chars(name + plen, name + proto::kFieldLen, b.number);
  size_t len = ec == std::errc() ? size_t(end - name) : plen;
  scratch_out_.clear();
  proto::encode(scratch_out_, proto::make_login(std::string_view(name, len), opt_.password));
  b.state = BotState::LoggingIn;
  ++logging_in_;
  send_bytes(b, scratch_out_);
}

void BotLoop::update_interest(Bot& b, uint32_t slot) {
  if (b.state == BotState::Dead) return;
  epoll_event ev{};
  ev.events = EPOLLIN | (b.out_len > 0 ? uint32_t(EPOLLOUT) : 0u);
  ev.data.u64 = slot;
  epoll_ctl(epfd_, EPOLL_CTL_MOD, b.fd, &ev);
}

void BotLoop::on_readable(Bot& b, uint64_t now) {
  // Read everything there is: a bot must never be a slow reader.
  for (int round = 0; round < 16; ++round) {
    ssize_t n = ::recv(b.fd, scratch_in_.data(), scratch_in_.size(), 0);
    if (n > 0) {
      counters_.bytes_in += uint64_t(n);
      auto status = b.assembler.feed(std::span<const uint8_t>(scratch_in_.data(), size_t(n)),
                                     [&](std::span<const uint8_t> frame) { on_frame(b, frame, now); });
      if (status != proto::PacketAssembler::Status::Ok) {
        ++counters_.protocol_errors;
        kill(b);
        return;
      }
      if (b.state == BotState::Dead) return;
      if (size_t(n) < scratch_in_.size()) return;
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n < 0 && errno == EINTR) continue;
    ++counters_.closed_by_server;  // EOF or reset
    kill(b);
    return;
  }
}

void BotLoop::on_frame(Bot& b, std::span<const uint8_t> frame, uint64_t now) {
  if (b.state == BotState::Dead) return;  // a frame behind a LOGIN_FAIL
  ++counters_.frames_in;
  switch (proto::frame_type(frame)) {
    case uint8_t(proto::Type::ScMovePlayer): {
      proto::ScMovePlayer m;
      if (proto::decode(frame, m) != proto::DecodeError::None) {
        ++counters_.protocol_errors;
        return;
      }
      if (b.state == BotState::Online && m.id == b.id) on_echo(b, m.seq, m.client_time, now);
      return;
    }
    case uint8_t(proto::Type::ScLoginOk): {
      proto::ScLoginOk ok;
      if (b.state != BotState::LoggingIn || proto::decode(frame, ok) != proto::DecodeError::None) {
        ++counters_.protocol_errors;
        return;
      }
      b.id = ok.id;
      b.state = BotState::Online;
      --connecting_;
      --logging_in_;
      ++online_;
      ++counters_.logins;
      uint32_t slot = (b.number - 1 - index_) / count_;
      send_move(slot, now);  // the first move at once; then one every move_ms
      return;
    }
    case uint8_t(proto::Type::ScLoginFail): {
      proto::ScLoginFail f;
      uint8_t reason = proto::decode(frame, f) == proto::DecodeError::None && f.reason < 7 ? f.reason : 0;
      ++counters_.login_fail[reason];
      kill(b);
      return;
    }
    default:
      // SC_ADD/REMOVE_PLAYER, SC_CHAT, telemetry: drained and counted, nothing else to do.
      return;
  }
}

void BotLoop::on_echo(Bot& b, uint32_t seq, uint32_t client_time, uint64_t now) {
  ++counters_.echoes;
  uint32_t i = seq % Bot::kPending;
  uint64_t delay;
  bool counted_overdue = false;
  if (b.sent_seq[i] == seq && b.sent_us[i] != 0) {
    delay = now - b.sent_us[i];
    counted_overdue = b.overdue & (1u << i);
    b.sent_us[i] = 0;
    b.overdue &= uint8_t(~(1u << i));
  } else {
    // Older than the slots remember: fall back to the millisecond client_time it carries.
    delay = uint64_t(uint32_t(RunClock::client_time_ms(now) - client_time)) * 1000;
  }
  all_.record(delay);
  if (!counted_overdue) window_.record(delay);
}

void BotLoop::send_due_moves(uint64_t now) {
  while (!moves_.empty() && moves_.front().due_us <= now) {
    uint32_t slot = moves_.front().bot;
    moves_.pop();
    if (bots_[slot]->state == BotState::Online) send_move(slot, now);
  }
}

void BotLoop::send_move(uint32_t slot, uint64_t now) {
  Bot& b = *bots_[slot];
  proto::CsMove m;
  m.dir = uint8_t(next_random(rng_) & 3);
  m.seq = ++b.seq;
  m.client_time = RunClock::client_time_ms(now);
  scratch_out_.clear();
  proto::encode(scratch_out_, m);
  if (b.out_len + scratch_out_.size() > b.out.size()) {
    ++counters_.moves_blocked;  // the server has not read our last bytes yet
  } else {
    uint32_t i = m.seq % Bot::kPending;
    b.sent_seq[i] = m.seq;
    b.sent_us[i] = now;
    b.overdue &= uint8_t(~(1u << i));
    ++counters_.moves_sent;
    bool was_empty = b.out_len == 0;
    send_bytes(b, scratch_out_);
    if (b.state != BotState::Dead && was_empty && b.out_len > 0) update_interest(b, slot);
  }
  if (b.state != BotState::Dead) moves_.push({now + uint64_t(opt_.move_ms) * 1000, slot});
}

void BotLoop::send_bytes(Bot& b, std::span<const uint8_t> bytes) {
  if (b.out_len + bytes.size() > b.out.size()) return;
  std::memcpy(b.out.data() + b.out_len, bytes.data(), bytes.size());
  b.out_len = uint8_t(b.out_len + bytes.size());
  flush(b);
}

void BotLoop::flush(Bot& b) {
  while (b.out_len > 0) {
    ssize_t n = ::send(b.fd, b.out.data(), b.out_len, MSG_NOSIGNAL);
    if (n > 0) {
      std::memmove(b.out.data(), b.out.data() + n, b.out_len - size_t(n));
      b.out_len = uint8_t(b.out_len - n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    ++counters_.closed_by_server;
    kill(b);
    return;
  }
}

void BotLoop::kill(Bot& b) {
  if (b.state == BotState::Online) --online_;
  if (b.state == BotState::Connecting || b.state == BotState::LoggingIn) --connecting_;
  if (b.state == BotState::LoggingIn) --logging_in_;
  b.state = BotState::Dead;
  if (b.fd >= 0) ::close(b.fd);  // also leaves the epoll set
  b.fd = -1;
}

void BotLoop::take_window(uint64_t limit_us, LoopWindow* out) {
  uint64_t now = clock_.now_us();
  std::lock_guard lock(mu_);
  // A move still unanswered after the limit counts now, at its age so far, so a server
  // that stops answering cannot look fast; its real delay later goes only into all_.
  for (auto& bp : bots_) {
    Bot& b = *bp;
    if ((b.state == BotState::Connecting || b.state == BotState::LoggingIn) &&
        now - b.started_us > kLoginTimeoutUs) {
      ++counters_.login_timeouts;
      kill(b);
    }
    if (b.state != BotState::Online) continue;
    for (uint32_t i = 0; i < Bot::kPending; ++i) {
      if (b.sent_us[i] == 0 || (b.overdue & (1u << i))) continue;
      if (now - b.sent_us[i] < limit_us) continue;
      window_.record(now - b.sent_us[i]);
      b.overdue |= uint8_t(1u << i);
    }
  }
  out->totals.add(counters_);
  out->connecting += connecting_;
  out->logging_in += logging_in_;
  out->online += online_;
  out->ramp_done = out->ramp_done && (bots_.size() >= share_ || ramp_stopped_.load());
  out->delays.merge(window_);
  window_.clear();
}

}  // namespace iocplab::stress
