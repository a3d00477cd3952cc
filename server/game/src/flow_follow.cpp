// flow_follow.cpp — the flow view: an observer follows one session (CS_FLOW id, 0 = its own)
// and gets, with each telemetry round, SC_TELEMETRY_FLOW: the steps that session's bytes
// took through the server since the last round (docs/TELEMETRY.md). Recording costs, so it
// is on only for a followed session.
#include "protocol/flow_frames.h"  // before frames.h: bytes_of() must see these encoders
#include "frames.h"
#include "game_impl.h"

namespace iocplab::game {

void Game::Impl::flow_frame(Session& s, std::span<const uint8_t> f) {
  proto::CsFlow c;
  if (proto::decode(f, c) != proto::DecodeError::None) return violation(s, "CS_FLOW: bad size");
  if (!s.observing) return violation(s, "CS_FLOW before CS_OBSERVE(1)");
  net::SessionId target = c.id == 0 ? s.id : c.id;
  if (target != s.id && !sessions.find(target)) return;  // not online (any more): nothing to follow
  stop_following(s);
  s.following = target;
  telemetry.set_flow_recording(target, true);
}

void Game::Impl::stop_following(Session& s) {
  if (s.following == 0) return;
  telemetry.set_flow_recording(s.following, false);
  s.following = 0;
}

void Game::Impl::send_flow(Session& s) {
  if (s.following == 0) return;
  uint32_t dropped = 0;
  std::vector<net::FlowEvent> events = telemetry.take_flow(s.following, &dropped);
  if (events.empty() && dropped == 0) return;
  proto::ScTelemetryFlow t;
  t.session = s.following;
  t.dropped = static_cast<uint8_t>(std::min<uint32_t>(dropped, 255));
  for (const net::FlowEvent& e : events) {
    t.records.push_back({e.t_us, static_cast<uint8_t>(e.kind), e.worker, e.a, e.b, e.c});
  }
  // One frame holds 72 records; a busy session's round may need several.
  for (size_t at = 0; at < t.records.size() || at == 0; at += proto::kMaxFlowRecords) {
    proto::ScTelemetryFlow part{t.session, at == 0 ? t.dropped : uint8_t{0}, {}};
    size_t end = std::min(t.records.size(), at + proto::kMaxFlowRecords);
    part.records.assign(t.records.begin() + static_cast<std::ptrdiff_t>(at),
                        t.records.begin() + static_cast<std::ptrdiff_t>(end));
    out.send(s.id, bytes_of(part));
    if (end == t.records.size()) break;
  }
}

}  // namespace iocplab::game
