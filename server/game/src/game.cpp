#include "game/game.h"

#include "frames.h"
#include "game_impl.h"
#include "held_frames.h"
#include "net/step_gate.h"
#include "telemetry_frames.h"

namespace iocplab::game {

Game::Impl::Impl(GameConfig c, net::SessionOutbox& o, net::TelemetrySource& t)
    : cfg(std::move(c)),
      out(o),
      telemetry(t),
      world(cfg.world, cfg.view, o),
      watch(std::chrono::seconds(cfg.login_timeout_s)),
      locks(cfg.login_failures, std::chrono::seconds(cfg.lockout_s)) {
  wire_step_gate();
}

void Game::Impl::frame(Session& s, std::span<const uint8_t> f) {
  switch (s.phase) {
    case Phase::AwaitLogin:
      login_frame(s, f);
      break;
    case Phase::LoginPending: {
      // Strict stream order: handled once the login succeeds, dropped if it fails. A frame
      // of a bad type or size is a violation at once; its fields wait for the login.
      if (auto err = proto::client_frame_shape(f); err != proto::DecodeError::None) {
        violation(s, std::string("behind a pending login: ") + proto::to_string(err));
        return;
      }
      if (!hold_frame(s.held, f)) violation(s, "more than 65536 bytes behind a pending login");
      break;
    }
    case Phase::Playing:
      play_frame(s, f);
      break;
    case Phase::Closing:
    case Phase::Closed:
      break;  // a close is on its way: everything behind it is ignored
  }
}

void Game::Impl::close(Session& s, net::CloseReason why, std::string_view detail) {
  depart(s);
  login_answered(s);
  s.phase = Phase::Closing;
  s.held = {};  // frees it
  out.close(s.id, why, detail);
}

void Game::Impl::depart(Session& s) {
  if (s.player) {
    Player& p = *s.player;
    world.leave(p);
    store.save(s.name, p.x, p.y);
    online.release(s.name, Position{p.x, p.y});
    players_online.fetch_sub(1, std::memory_order_relaxed);
    s.player.reset();
  }
  if (s.observing) {
    s.observing = false;
    observers.remove(s.id);
    step_controller_left(s.id);
    stop_following(s);
    telemetry.set_recv_recording(s.id, false);
  }
}

void Game::Impl::send_telemetry() {
  const auto ids = observers.snapshot();
  if (ids.empty()) return;
  const net::Bytes shared = shared_telemetry(telemetry, players_online.load(std::memory_order_relaxed));
  for (net::SessionId id : ids) {
    auto s = sessions.find(id);
    if (!s) continue;
    std::lock_guard g(s->lock);
    if (!s->observing) continue;  // stopped meanwhile: nothing after CS_OBSERVE(0)
    out.send(id, shared);
    out.send(id, recv_telemetry(telemetry, id));
    send_flow(*s);
  }
}

bool Game::Impl::step_paused() const { return gate && gate->state().paused; }

// ---- Game ----

Game::Game(GameConfig cfg, net::SessionOutbox& out, net::TelemetrySource& telemetry)
    : impl_(std::make_unique<Impl>(std::move(cfg), out, telemetry)) {}

// The store goes first, while every member its last answers might touch is alive; with
// `stopping` set those answers are dropped instead of posted.
Game::~Game() {
  impl_->stopping.store(true);
  impl_->store.stop();
}

bool Game::start(std::string* error) {
  const GameConfig& c = impl_->cfg;
  return impl_->store.start(StoreConfig{c.db_path, HashCost{c.hash_memory_kib, c.hash_passes}, c.hash_threads}, error);
}

void Game::tick() {
  Impl& g = *impl_;
  const bool paused = g.step_paused();
  for (net::SessionId id : g.watch.expired(LoginWatch::Clock::now())) {
    auto s = g.sessions.find(id);
    if (!s) continue;
    std::lock_guard lock(s->lock);
    if (s->phase != Phase::AwaitLogin) continue;
    // Step mode: no login times out while the server is paused; one that comes due is put
    // off by a whole --login-timeout, as often as needed (docs/STEP.md).
    if (paused) g.watch.opened(id);
    else g.close(*s, net::CloseReason::LoginTimeout, "no CS_LOGIN in time");
  }
  if (g.ticks % 10 == 0) g.locks.forget_expired(NameLock::Clock::now());  // once a second
  if (g.ticks++ % 2 == 0) g.send_telemetry();  // every 200 ms at one tick per 100 ms
}

void Game::shutdown() {
  Impl& g = *impl_;
  g.stopping.store(true);
  for (auto& s : g.sessions.all()) {
    std::lock_guard lock(s->lock);
    if (s->player) g.store.save(s->name, s->player->x, s->player->y);
  }
  g.store.flush();
}

uint32_t Game::players_online() const { return impl_->players_online.load(std::memory_order_relaxed); }

uint64_t Game::world_entries_visited() const { return impl_->world.visited(); }

size_t Game::retained_entries() const {
  Impl& g = *impl_;
  return g.sessions.all().size() + g.watch.size() + g.online.remembered() + g.locks.remembered();
}

void Game::on_open(net::SessionId id) {
  impl_->sessions.add(id);
  impl_->watch.opened(id);
}

void Game::on_frame(net::SessionId id, std::span<const uint8_t> frame) {
  auto s = impl_->sessions.find(id);
  if (!s) return;
  std::lock_guard lock(s->lock);
  impl_->frame(*s, frame);
}

void Game::on_close(net::SessionId id, net::CloseReason) {
  auto s = impl_->sessions.remove(id);
  if (!s) return;
  std::lock_guard lock(s->lock);
  impl_->watch.done(id);  // under the lock: tick() re-arms a deadline only under it too
  impl_->depart(*s);
  impl_->login_answered(*s);
  s->phase = Phase::Closed;
  s->held = {};
}

}  // namespace iocplab::game
