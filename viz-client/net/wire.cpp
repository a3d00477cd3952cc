#include "wire.h"

#include <cstdio>

#include "protocol/step_frames.h"

namespace iocplab::client {
namespace {

template <class P>
std::optional<P> decode_as(FrameView f) {
  P p;
  if (f.size() < proto::kHeaderSize || proto::decode(f, p) != proto::DecodeError::None) return std::nullopt;
  return p;
}

template <class P>
Frame bytes_of(const P& p) { return proto::to_bytes(p); }

// Cut at most max bytes without splitting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<uint8_t>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::string field_text(const std::array<char, proto::kFieldLen>& field) {
  size_t n = 0;
  while (n < field.size() && field[n] != 0) ++n;
  return std::string(field.data(), n);
}

}  // namespace

const char* type_name(uint8_t type) {
  return proto::known_type(type) ? proto::type_name(type) : "UNKNOWN";
}

const char* login_fail_text(uint8_t reason) {
  switch (reason) {
    case 1: return "Wrong password: this name is registered with another password.";
    case 2: return "This account is already logged in somewhere else.";
    case 3: return "The server is full (--max-sessions reached). Try again later.";
    case 4: return "Invalid name or password: 1..20 bytes of UTF-8, no control characters.";
    case 5: return "This name is locked after repeated wrong passwords. Try again later.";
    case 6: return "Server error: the account store could not answer. Try again.";
    default: return "The server refused the login (unknown reason).";
  }
}

Frame make_login(std::string_view name, std::string_view password) {
  return bytes_of(proto::make_login(name, password));
}
Frame make_move(uint8_t dir, uint32_t seq, uint32_t client_time) {
  return bytes_of(proto::CsMove{dir, seq, client_time});
}
Frame make_chat(std::string_view text) {
  return bytes_of(proto::CsChat{std::string(utf8_prefix(text, proto::kMaxChat))});
}
Frame make_logout() { return bytes_of(proto::CsLogout{}); }
Frame make_observe(bool on) { return bytes_of(proto::CsObserve{static_cast<uint8_t>(on ? 1 : 0)}); }
Frame make_step(uint8_t mode, uint16_t count) { return bytes_of(proto::CsStep{mode, count}); }
Frame make_flow(uint32_t id) { return bytes_of(proto::CsFlow{id}); }

std::optional<LoginOk> parse_login_ok(FrameView f) { return decode_as<LoginOk>(f); }
std::optional<uint8_t> parse_login_fail(FrameView f) {
  auto p = decode_as<proto::ScLoginFail>(f);
  if (!p) return std::nullopt;
  return p->reason;
}
std::optional<AddPlayer> parse_add_player(FrameView f) { return decode_as<AddPlayer>(f); }
std::optional<MovePlayer> parse_move_player(FrameView f) { return decode_as<MovePlayer>(f); }
std::optional<uint32_t> parse_remove_player(FrameView f) {
  auto p = decode_as<proto::ScRemovePlayer>(f);
  if (!p) return std::nullopt;
  return p->id;
}
std::optional<Chat> parse_chat(FrameView f) { return decode_as<Chat>(f); }
std::optional<TelemetryTotals> parse_totals(FrameView f) { return decode_as<TelemetryTotals>(f); }
std::optional<TelemetryThreads> parse_threads(FrameView f) { return decode_as<TelemetryThreads>(f); }
std::optional<TelemetryRecv> parse_recv(FrameView f) { return decode_as<TelemetryRecv>(f); }
std::optional<proto::ScTelemetryFlow> parse_flow(FrameView f) { return decode_as<proto::ScTelemetryFlow>(f); }

// The step-mode frames are not in proto::Packet (protocol/step_frames.h).
static std::optional<std::string> describe_step(FrameView f) {
  char buf[160];
  switch (static_cast<proto::Type>(f[2])) {
    case proto::Type::CsStep:
      if (auto p = decode_as<proto::CsStep>(f)) {
        static const char* modes[] = {"run", "pause", "step"};
        std::snprintf(buf, sizeof buf, "mode=%s count=%u", modes[p->mode], p->count);
        return buf;
      }
      break;
    case proto::Type::ScStepWaiting:
      if (auto p = decode_as<proto::ScStepWaiting>(f)) {
        std::snprintf(buf, sizeof buf, "#%u worker=%u op=%u ok=%u key=%u bytes=%u session=%u", p->seq, p->worker,
                      p->op, p->ok, p->key, p->bytes, p->session);
        return buf;
      }
      break;
    case proto::Type::ScStepDone:
      if (auto p = decode_as<proto::ScStepDone>(f)) {
        std::snprintf(buf, sizeof buf, "#%u cut=%u sent=%u closes=%u", p->seq, p->frames_cut, p->frames_sent,
                      p->closes);
        return buf;
      }
      break;
    case proto::Type::CsFlow:
      if (auto p = decode_as<proto::CsFlow>(f)) return "follow id=" + std::to_string(p->id);
      break;
    case proto::Type::ScTelemetryFlow:
      if (auto p = decode_as<proto::ScTelemetryFlow>(f)) {
        std::snprintf(buf, sizeof buf, "session=%u records=%zu dropped=%u", p->session, p->records.size(), p->dropped);
        return buf;
      }
      break;
    case proto::Type::ScStepState:
      if (auto p = decode_as<proto::ScStepState>(f)) {
        std::snprintf(buf, sizeof buf, "paused=%u waiting=%u handled=%u", p->paused, p->waiting, p->handled);
        return buf;
      }
      break;
    default:
      return std::nullopt;
  }
  return std::string("(bad step frame)");
}

std::string describe(FrameView f) {
  proto::Packet packet;
  if (f.size() < proto::kHeaderSize) return "(short frame)";
  if (auto step = describe_step(f)) return *step;
  if (auto err = proto::decode_any(f, packet); err != proto::DecodeError::None) {
    return std::string("(") + proto::to_string(err) + ")";
  }
  char buf[256];
  struct Describe {
    char* buf;
    std::string operator()(const proto::CsLogin& p) { return "name=\"" + field_text(p.name) + "\" password=***"; }
    std::string operator()(const proto::CsMove& p) {
      static const char* dirs[] = {"up", "down", "left", "right"};
      std::snprintf(buf, 256, "dir=%s seq=%u time=%u", p.dir < 4 ? dirs[p.dir] : "?", p.seq, p.client_time);
      return buf;
    }
    std::string operator()(const proto::CsChat& p) { return "text=\"" + p.text + "\""; }
    std::string operator()(const proto::CsLogout&) { return ""; }
    std::string operator()(const proto::CsObserve& p) { return p.on ? "on" : "off"; }
    std::string operator()(const proto::ScLoginOk& p) {
      std::snprintf(buf, 256, "id=%u x=%u y=%u world=%ux%u view=%u", p.id, p.x, p.y, p.world_w, p.world_h, p.view);
      return buf;
    }
    std::string operator()(const proto::ScLoginFail& p) { return "reason=" + std::to_string(p.reason); }
    std::string operator()(const proto::ScAddPlayer& p) {
      std::snprintf(buf, 256, "id=%u x=%u y=%u name=", p.id, p.x, p.y);
      return buf + ("\"" + p.name + "\"");
    }
    std::string operator()(const proto::ScMovePlayer& p) {
      std::snprintf(buf, 256, "id=%u x=%u y=%u seq=%u time=%u", p.id, p.x, p.y, p.seq, p.client_time);
      return buf;
    }
    std::string operator()(const proto::ScRemovePlayer& p) { return "id=" + std::to_string(p.id); }
    std::string operator()(const proto::ScChat& p) { return "id=" + std::to_string(p.id) + " text=\"" + p.text + "\""; }
    std::string operator()(const proto::ScTelemetryTotals& p) {
      std::snprintf(buf, 256, "uptime=%ums sessions=%u players=%u in=%llu out=%llu", p.uptime_ms, p.sessions,
                    p.players_online, (unsigned long long)p.packets_in, (unsigned long long)p.packets_out);
      return buf;
    }
    std::string operator()(const proto::ScTelemetryThreads& p) {
      std::snprintf(buf, 256, "uptime=%ums threads=%zu", p.uptime_ms, p.threads.size());
      return buf;
    }
    std::string operator()(const proto::ScTelemetryRecv& p) {
      std::snprintf(buf, 256, "chunks=%zu dropped=%u", p.chunks.size(), p.dropped);
      return buf;
    }
  };
  return std::visit(Describe{buf}, packet);
}

}  // namespace iocplab::client
