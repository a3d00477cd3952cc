#include "step_view.h"

#include <algorithm>

namespace iocplab::client {

bool StepView::apply(std::span<const uint8_t> f) {
  if (f.size() < proto::kHeaderSize) return false;
  switch (static_cast<proto::Type>(f[2])) {
    case proto::Type::ScStepState: {
      proto::ScStepState s;
      if (proto::decode(f, s) != proto::DecodeError::None) return false;
      available_ = true;
      paused_ = s.paused != 0;
      handled_ = s.handled;
      if (!paused_) waiting_.clear();  // Run let everything through
      return true;
    }
    case proto::Type::ScStepWaiting: {
      proto::ScStepWaiting w;
      if (proto::decode(f, w) != proto::DecodeError::None) return false;
      available_ = true;
      waiting_.push_back(w);
      return true;
    }
    case proto::Type::ScStepDone: {
      proto::ScStepDone d;
      if (proto::decode(f, d) != proto::DecodeError::None) return false;
      ++done_seen_;
      auto it = std::find_if(waiting_.begin(), waiting_.end(), [&](const auto& w) { return w.seq == d.seq; });
      proto::ScStepWaiting w{};
      w.seq = d.seq;
      if (it != waiting_.end()) {
        w = *it;
        waiting_.erase(it);
      }
      done_.push_back(d);
      released_.push_back(w);
      if (done_.size() > kDoneKept) {
        done_.pop_front();
        released_.pop_front();
      }
      return true;
    }
    default:
      return false;
  }
}

const proto::ScStepWaiting* StepView::answered(uint32_t seq) const {
  for (size_t i = 0; i < done_.size(); ++i) {
    if (done_[i].seq == seq) return &released_[i];
  }
  return nullptr;
}

const char* step_op_name(uint8_t op) {
  switch (op) {
    case 1: return "accept";
    case 2: return "recv";
    case 3: return "send";
    case 4: return "posted";
    default: return "other";
  }
}

}  // namespace iocplab::client
