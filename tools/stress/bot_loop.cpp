#include "bot_loop.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "loopback.h"
#include "protocol/protocol.h"

namespace iocplab::stress {
namespace {

constexpr size_t kRecvBuffer = 64 * 1024;
constexpr size_t kMaxEvents = 256;
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
  bots_.reserve(share_);
  scratch_out_.reserve(proto::kMaxFrame);
}

BotLoop::~BotLoop() {
  for (auto& b : bots_)
    if (b && b->fd != kNoSocket) close_socket(b->fd);
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
  std::vector<PollEvent> events(kMaxEvents);
  uint64_t now = clock_.now_us();
  while (!stop_.load(std::memory_order_relaxed)) {
    int n = poller_.wait(events, wait_timeout_ms(now));
    if (n < 0) break;
    now = clock_.now_us();
    std::lock_guard lock(mu_);
    for (int i = 0; i < n; ++i) on_event(events[size_t(i)], now);
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
    if (out_of_descriptors(err)) counters_.fd_exhausted = true;
    if (first_error_.empty()) first_error_ = std::string(what) + ": " + error_text(err);
    kill(b, slot);
  };
  const sockaddr* target = reinterpret_cast<const sockaddr*>(&opt_.target.addr);
  b.fd = open_tcp_socket(target->sa_family);
  if (b.fd == kNoSocket) return fail("socket", last_error());
  set_nodelay(b.fd);
  if (auto src = source_address_for(g, ports_per_address_, opt_.target.v6)) {
    // Past one address's ephemeral ports: bind another 127.0.0.x, port chosen at connect.
    if (!bind_source(b.fd, *src)) return fail("bind", last_error());
  }
  if (!start_connect(b.fd, target, opt_.target.len)) return fail("connect", last_error());
  if (!poller_.add(b.fd, slot, true)) return fail("poll", last_error());
}

void BotLoop::on_event(const PollEvent& ev, uint64_t now) {
  uint32_t slot = ev.slot;
  if (slot >= bots_.size()) return;
  Bot& b = *bots_[slot];
  if (b.state == BotState::Dead) return;
  if (b.state == BotState::Connecting) {
    int err = pending_error(b.fd);
    if (err != 0 || ev.failed) {
      ++counters_.connect_errors;
      if (first_error_.empty()) first_error_ = "connect: " + error_text(err ? err : refused_error());
      kill(b, slot);
      return;
    }
    if (!ev.writable) return;
    on_connected(b, slot);
    update_interest(b, slot);
    if (b.state == BotState::Dead) return;
  } else if (ev.writable && b.out_len > 0) {
    flush(b, slot);
    if (b.state == BotState::Dead) return;
    if (b.out_len == 0) update_interest(b, slot);
  }
  if (ev.readable || ev.failed) on_readable(b, slot, now);
}

void BotLoop::on_connected(Bot& b, uint32_t slot) {
  char name[proto::kFieldLen + 1];
  size_t plen = opt_.name_prefix.copy(name, proto::kFieldLen);
  auto [end, ec] = std::to_chars(name + plen, name + proto::kFieldLen, b.number);
  size_t len = ec == std::errc() ? size_t(end - name) : plen;
  scratch_out_.clear();
  proto::encode(scratch_out_, proto::make_login(std::string_view(name, len), opt_.password));
  b.state = BotState::LoggingIn;
  ++logging_in_;
  send_bytes(b, slot, scratch_out_);
}

void BotLoop::update_interest(Bot& b, uint32_t slot) {
  if (b.state == BotState::Dead) return;
  poller_.modify(b.fd, slot, b.out_len > 0);
}

void BotLoop::on_readable(Bot& b, uint32_t slot, uint64_t now) {
  // Read everything there is: a bot must never be a slow reader.
  for (int round = 0; round < 16; ++round) {
    long n = recv_some(b.fd, scratch_in_.data(), scratch_in_.size());
    if (n > 0) {
      counters_.bytes_in += uint64_t(n);
      auto status = b.assembler.feed(std::span<const uint8_t>(scratch_in_.data(), size_t(n)),
                                     [&](std::span<const uint8_t> frame) { on_frame(b, slot, frame, now); });
      if (status != proto::PacketAssembler::Status::Ok) {
        ++counters_.protocol_errors;
        kill(b, slot);
        return;
      }
      if (b.state == BotState::Dead) return;
      if (size_t(n) < scratch_in_.size()) return;
      continue;
    }
    int err = n < 0 ? last_error() : 0;
    if (n < 0 && would_block(err)) return;
    if (n < 0 && interrupted(err)) continue;
    ++counters_.closed_by_server;  // EOF or reset
    kill(b, slot);
    return;
  }
}

void BotLoop::on_frame(Bot& b, uint32_t slot, std::span<const uint8_t> frame, uint64_t now) {
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
      send_move(slot, now);  // the first move at once; then one every move_ms
      return;
    }
    case uint8_t(proto::Type::ScLoginFail): {
      proto::ScLoginFail f;
      uint8_t reason = proto::decode(frame, f) == proto::DecodeError::None && f.reason < 7 ? f.reason : 0;
      ++counters_.login_fail[reason];
      kill(b, slot);
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
    send_bytes(b, slot, scratch_out_);
    if (b.state != BotState::Dead && was_empty && b.out_len > 0) update_interest(b, slot);
  }
  if (b.state != BotState::Dead) moves_.push({now + uint64_t(opt_.move_ms) * 1000, slot});
}

void BotLoop::send_bytes(Bot& b, uint32_t slot, std::span<const uint8_t> bytes) {
  if (b.out_len + bytes.size() > b.out.size()) return;
  std::memcpy(b.out.data() + b.out_len, bytes.data(), bytes.size());
  b.out_len = uint8_t(b.out_len + bytes.size());
  flush(b, slot);
}

void BotLoop::flush(Bot& b, uint32_t slot) {
  while (b.out_len > 0) {
    long n = send_some(b.fd, b.out.data(), b.out_len);
    if (n > 0) {
      std::memmove(b.out.data(), b.out.data() + n, b.out_len - size_t(n));
      b.out_len = uint8_t(b.out_len - n);
      continue;
    }
    int err = n < 0 ? last_error() : 0;
    if (n < 0 && interrupted(err)) continue;
    if (n < 0 && would_block(err)) return;
    ++counters_.closed_by_server;
    kill(b, slot);
    return;
  }
}

void BotLoop::kill(Bot& b, uint32_t slot) {
  if (b.state == BotState::Online) --online_;
  if (b.state == BotState::Connecting || b.state == BotState::LoggingIn) --connecting_;
  if (b.state == BotState::LoggingIn) --logging_in_;
  b.state = BotState::Dead;
  if (b.fd != kNoSocket) {
    poller_.remove(b.fd, slot);
    close_socket(b.fd);  // on Linux this also leaves the epoll set
  }
  b.fd = kNoSocket;
}

void BotLoop::take_window(uint64_t limit_us, LoopWindow* out) {
  std::lock_guard lock(mu_);
  // Read the clock under the lock: every stamp the loop wrote is older, so no age below
  // wraps around (read before waiting for the lock, it could be older than the stamps).
  uint64_t now = clock_.now_us();
  // A move still unanswered after the limit counts now, at its age so far, so a server
  // that stops answering cannot look fast; its real delay later goes only into all_.
  for (uint32_t slot = 0; slot < bots_.size(); ++slot) {
    Bot& b = *bots_[slot];
    if ((b.state == BotState::Connecting || b.state == BotState::LoggingIn) &&
        now - b.started_us > kLoginTimeoutUs) {
      ++counters_.login_timeouts;
      kill(b, slot);
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
