// play_handlers.cpp — frames from a logged-in player: move, chat, logout, observe.
#include <string>

#include "frames.h"
#include "game_impl.h"

namespace iocplab::game {

namespace {

template <class Packet>
bool decode_or_violate(Game::Impl& g, Session& s, std::span<const uint8_t> f, Packet& p) {
  const auto err = proto::decode(f, p);
  if (err == proto::DecodeError::None) return true;
  g.violation(s, std::string(proto::type_name(proto::frame_type(f))) + ": " + proto::to_string(err));
  return false;
}

}  // namespace

void Game::Impl::play_frame(Session& s, std::span<const uint8_t> f) {
  switch (proto::Type(proto::frame_type(f))) {
    case proto::Type::CsMove: {
      proto::CsMove m;
      if (!decode_or_violate(*this, s, f, m)) return;
      if (m.dir > 3) return violation(s, "move dir out of range");
      if (!s.moves.take(Allowance::Clock::now())) {
        // Over the allowance: not applied; the mover alone gets its unchanged position.
        const Player& p = *s.player;
        out.send(s.id, bytes_of(proto::ScMovePlayer{p.id, p.x, p.y, m.seq, m.client_time}));
        return;
      }
      world.move(*s.player, m.dir, m.seq, m.client_time);
      return;
    }
    case proto::Type::CsChat: {
      proto::CsChat c;
      if (!decode_or_violate(*this, s, f, c)) return;
      if (!proto::valid_chat_text(c.text)) return violation(s, "bad chat text");
      if (!s.chats.take(Allowance::Clock::now())) return;  // over the allowance: dropped
      world.chat(*s.player, c.text);
      return;
    }
    case proto::Type::CsLogout: {
      proto::CsLogout l;
      if (!decode_or_violate(*this, s, f, l)) return;
      close(s, net::CloseReason::Logout, "logout");
      return;
    }
    case proto::Type::CsObserve: {
      proto::CsObserve o;
      if (!decode_or_violate(*this, s, f, o)) return;
      if (o.on > 1) return violation(s, "observe flag out of range");
      const bool on = o.on == 1;
      if (on == s.observing) return;
      s.observing = on;
      telemetry.set_recv_recording(s.id, on);
      if (on) {
        observers.add(s.id);
        announce_step_mode(s);
      } else {
        observers.remove(s.id);
        step_controller_left(s.id);
        stop_following(s);
      }
      return;
    }
    case proto::Type::CsFlow:
      return flow_frame(s, f);
    case proto::Type::CsStep:
      return step_frame(s, f);
    case proto::Type::CsLogin:
      return violation(s, "second login");
    default:
      return violation(s, proto::known_type(proto::frame_type(f)) ? "server-to-client type" : "unknown type");
  }
}

}  // namespace iocplab::game
