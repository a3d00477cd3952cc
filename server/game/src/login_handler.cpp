// login_handler.cpp — CS_LOGIN: field checks, the account store round trip, entering the
// world, then the frames that were held behind the login.
#include <sodium.h>

#include "frames.h"
#include "game_impl.h"
#include "spawn.h"

namespace iocplab::game {

namespace {

// SC_LOGIN_FAIL, then a graceful close: the client reads the frame before end of stream.
void fail(Game::Impl& g, Session& s, proto::LoginFail reason) {
  g.out.send(s.id, bytes_of(proto::ScLoginFail{uint8_t(reason)}));
  const char* detail = "invalid name or password field";
  switch (reason) {
    case proto::LoginFail::WrongPassword: detail = "wrong password"; break;
    case proto::LoginFail::AlreadyLoggedIn: detail = "already logged in"; break;
    case proto::LoginFail::NameLocked: detail = "name locked after repeated wrong passwords"; break;
    case proto::LoginFail::StoreError: detail = "account store error"; break;
    default: break;
  }
  g.close(s, net::CloseReason::LoginFailed, detail);
}

}  // namespace

void Game::Impl::login_frame(Session& s, std::span<const uint8_t> f) {
  watch.done(s.id);  // the first frame came: no login deadline any more
  if (proto::frame_type(f) != uint8_t(proto::Type::CsLogin)) {
    violation(s, "frame before login");
    return;
  }
  proto::CsLogin login;
  if (auto err = proto::decode(f, login); err != proto::DecodeError::None) {
    violation(s, std::string("CS_LOGIN: ") + proto::to_string(err));
    return;
  }
  std::string name, password;
  const bool ok = proto::valid_name_field(login.name, &name) && proto::valid_password_field(login.password, &password);
  sodium_memzero(login.password.data(), login.password.size());
  if (!ok) {
    if (!password.empty()) sodium_memzero(password.data(), password.size());
    fail(*this, s, proto::LoginFail::InvalidField);
    return;
  }
  // Checks in PROTOCOL.md's order: fields (above), lock, then the password (at the store).
  if (locks.locked(name, NameLock::Clock::now())) {
    sodium_memzero(password.data(), password.size());
    fail(*this, s, proto::LoginFail::NameLocked);
    return;
  }
  s.name = name;
  s.phase = Phase::LoginPending;
  online.login_pending(s.name);
  s.at_store = true;
  const net::SessionId id = s.id;
  store.login(std::move(name), std::move(password), [this, id](const LoginOutcome& outcome) {
    if (stopping.load()) return;  // shutting down: the network may be gone
    out.post([this, id, outcome] { finish_login(id, outcome); });
  });
}

void Game::Impl::finish_login(net::SessionId id, const LoginOutcome& outcome) {
  auto sp = sessions.find(id);
  if (!sp) return;  // closed meanwhile
  Session& s = *sp;
  std::lock_guard lock(s.lock);
  if (s.phase != Phase::LoginPending) return;

  using Status = LoginOutcome::Status;
  if (outcome.status == Status::Failed) return fail(*this, s, proto::LoginFail::StoreError);
  // Locked while this password was checked (guesses sent in parallel): from then on every
  // CS_LOGIN for the name gets FAIL(5), so parallel connections gain no extra guesses.
  const auto now = NameLock::Clock::now();
  if (locks.locked(s.name, now)) return fail(*this, s, proto::LoginFail::NameLocked);
  if (outcome.status == Status::WrongPassword) {
    locks.wrong_password(s.name, now);  // the one that reaches the limit still gets FAIL(1)
    return fail(*this, s, proto::LoginFail::WrongPassword);
  }
  locks.right_password(s.name);  // also when the answer is FAIL(2)

  std::optional<Position> last;
  if (!online.try_acquire(s.name, &last)) return fail(*this, s, proto::LoginFail::AlreadyLoggedIn);
  login_answered(s);

  Position at = random_spawn(world.size());
  if (last) at = *last;  // left during this run: fresher than the row
  else if (outcome.has_position) at = Position{outcome.x, outcome.y};
  at.x = std::min<uint16_t>(at.x, world.size() - 1);  // a smaller world than when saved
  at.y = std::min<uint16_t>(at.y, world.size() - 1);

  s.player = std::make_unique<Player>(id, s.name, at.x, at.y);
  s.moves.reset(cfg.move_rate, now);  // a new login starts full
  s.chats.reset(cfg.chat_rate, now);
  s.phase = Phase::Playing;
  players_online.fetch_add(1, std::memory_order_relaxed);
  world.enter(*s.player,
              bytes_of(proto::ScLoginOk{id, at.x, at.y, world.size(), world.size(), world.view()}));

  // The held frames, in order, until one of them closes the session.
  const std::vector<uint8_t> held = std::move(s.held);  // leaves s.held empty
  for (size_t off = 0; off < held.size() && s.phase == Phase::Playing;) {
    const std::span<const uint8_t> rest(held.data() + off, held.size() - off);
    const size_t n = proto::frame_size(rest);  // checked by client_frame_shape when held
    play_frame(s, rest.first(n));
    off += n;
  }
}

void Game::Impl::login_answered(Session& s) {
  if (!s.at_store) return;
  s.at_store = false;
  online.login_done(s.name);
}

}  // namespace iocplab::game
