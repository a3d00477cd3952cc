#include "flow_model.h"

#include <algorithm>

namespace iocplab::client {

const char* flow_stage_name(FlowStage s, bool ko) {
  switch (s) {
    case FlowStage::ClientSent: return ko ? "클라이언트가 보냄" : "client sends";
    case FlowStage::Recv: return ko ? "recv 완료 (워커)" : "recv completion (worker)";
    case FlowStage::Cut: return ko ? "패킷 조립" : "reassembly";
    case FlowStage::Handler: return ko ? "핸들러" : "handler";
    case FlowStage::Fanout: return ko ? "주변에 전달" : "fan-out";
    case FlowStage::Send: return ko ? "모아 보내기 (WSASend)" : "gathered WSASend";
    case FlowStage::SendDone: return ko ? "send 완료" : "send completion";
    default: return "?";
  }
}

std::string FlowJourney::cut_kind() const {
  if (outgoing_only) return "outgoing";
  if (frames_cut == 0) return "partial";
  if (carry_in > 0) return frames_cut > 1 ? "split+coalesced" : "split";
  return frames_cut > 1 ? "coalesced" : "whole";
}

void FlowModel::clear() { *this = FlowModel(); }

FlowJourney& FlowModel::open_outgoing(uint32_t t_us) {
  if (journeys_.empty() || journeys_.back().send_done > 0) {
    FlowJourney j;
    j.number = next_number_++;
    j.t_us = t_us;
    j.outgoing_only = true;
    journeys_.push_back(j);
  }
  return journeys_.back();
}

void FlowModel::add(const proto::ScTelemetryFlow& f) {
  if (f.session != session_) {
    journeys_.clear();
    session_ = f.session;
  }
  dropped_ += f.dropped;
  for (const proto::FlowRecord& r : f.records) {
    ++records_;
    switch (static_cast<int>(r.kind)) {
      case 1: {  // recv
        FlowJourney j;
        j.number = next_number_++;
        j.t_us = r.t_us;
        j.worker = r.worker;
        j.bytes = r.a;
        j.carry_in = r.b;
        journeys_.push_back(j);
        break;
      }
      case 2:  // cut
        if (!journeys_.empty()) {
          journeys_.back().frames_cut = r.a;
          journeys_.back().carry_out = r.b;
        }
        break;
      case 3:  // handled
        if (!journeys_.empty()) journeys_.back().handled.push_back({static_cast<uint8_t>(r.a), r.b, r.c});
        break;
      case 4:  // fan-out
        if (!journeys_.empty()) {
          journeys_.back().recipients = static_cast<uint16_t>(journeys_.back().recipients + r.a);
          journeys_.back().fanout_frames = static_cast<uint16_t>(journeys_.back().fanout_frames + r.b);
        }
        break;
      case 5:  // send
        (journeys_.empty() ? open_outgoing(r.t_us) : journeys_.back()).sends.push_back({r.a, r.b, r.c});
        break;
      case 6:  // send done
        if (!journeys_.empty()) {
          journeys_.back().send_done++;
          journeys_.back().send_done_bytes += r.c;
        }
        break;
    }
  }
  while (journeys_.size() > kKept) journeys_.pop_front();
}

void FlowModel::advance(double dt) {
  if (paused || journeys_.empty()) return;
  const double per_journey = kStageSeconds * static_cast<double>(FlowStage::Count);
  shown_for_ += dt * speed;
  if (shown_ < journeys_.front().number) {  // what was on screen scrolled out of the record
    shown_ = journeys_.front().number;
    shown_for_ = 0;
  }
  while (shown_for_ >= per_journey && shown_ < journeys_.back().number) {
    shown_for_ -= per_journey;
    ++shown_;
  }
  shown_for_ = std::min(shown_for_, per_journey);  // the last one stays on its last stage
}

const FlowJourney* FlowModel::current(FlowStage* stage, float* fraction) const {
  for (const FlowJourney& j : journeys_) {
    if (j.number != shown_) continue;
    double at = shown_for_ / kStageSeconds;
    int s = std::min(static_cast<int>(at), static_cast<int>(FlowStage::Count) - 1);
    if (stage) *stage = static_cast<FlowStage>(s);
    if (fraction) *fraction = static_cast<float>(std::min(1.0, at - s));
    return &j;
  }
  return nullptr;
}

void FlowModel::skip_to_latest() {
  if (journeys_.empty()) return;
  shown_ = journeys_.back().number;
  shown_for_ = 0;
}

void FlowModel::show_newest_handled_complete() {
  for (auto it = journeys_.rbegin(); it != journeys_.rend(); ++it) {
    if (it->handled.empty()) continue;
    shown_ = it->number;
    shown_for_ = kStageSeconds * (static_cast<double>(FlowStage::Count) - 0.5);
    paused = true;
    return;
  }
}

bool FlowModel::animating() const {
  if (paused || journeys_.empty()) return false;
  return backlog() > 0 || shown_for_ < kStageSeconds * static_cast<double>(FlowStage::Count);
}

size_t FlowModel::backlog() const {
  size_t n = 0;
  for (const FlowJourney& j : journeys_) n += j.number > shown_;
  return n;
}

}  // namespace iocplab::client
