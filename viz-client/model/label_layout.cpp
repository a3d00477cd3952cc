#include "label_layout.h"

#include <cstddef>

namespace iocplab::client {

std::vector<LabelPlacement> place_labels(const std::vector<LabelRequest>& requests,
                                         const std::vector<LabelRect>& discs) {
  std::vector<LabelPlacement> out(requests.size());
  std::vector<LabelRect> taken;
  taken.reserve(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const LabelRequest& r = requests[i];
    constexpr float kGap = 1.0f;
    const LabelRect spots[] = {
        {r.cx - r.w / 2, r.cy - r.radius - kGap - r.h, r.cx + r.w / 2, r.cy - r.radius - kGap},  // above
        {r.cx - r.w / 2, r.cy + r.radius + kGap, r.cx + r.w / 2, r.cy + r.radius + kGap + r.h},  // below
        {r.cx + r.radius + kGap, r.cy - r.h / 2, r.cx + r.radius + kGap + r.w, r.cy + r.h / 2},  // right
        {r.cx - r.radius - kGap - r.w, r.cy - r.h / 2, r.cx - r.radius - kGap, r.cy + r.h / 2},  // left
    };
    for (const LabelRect& spot : spots) {
      bool free = true;
      for (const LabelRect& t : taken) free = free && !spot.overlaps(t);
      for (const LabelRect& d : discs) free = free && !spot.overlaps(d);
      if (free) {
        out[i] = {true, spot};
        taken.push_back(spot);
        break;
      }
    }
  }
  return out;
}

}  // namespace iocplab::client
