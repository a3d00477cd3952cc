// label_layout.h — where each player's name goes on the grid so that names never overlap:
// above the disc if that spot is free, else below, right or left of it; a name with no free
// spot is left out (the grid shows it on hover). Labels are placed in the order given, so
// the caller puts the most important first (the player itself).
#pragma once

#include <vector>

namespace iocplab::client {

struct LabelRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool overlaps(const LabelRect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

struct LabelRequest {
  float cx = 0, cy = 0;   // the disc's center on screen
  float radius = 0;       // the disc's radius
  float w = 0, h = 0;     // the label's size (text plus padding)
};

struct LabelPlacement {
  bool shown = false;
  LabelRect rect;  // where the label goes, when shown
};

// One placement per request, in the same order. `discs` are kept clear too (every player's
// disc, so a name never hides another player).
std::vector<LabelPlacement> place_labels(const std::vector<LabelRequest>& requests,
                                         const std::vector<LabelRect>& discs);

}  // namespace iocplab::client
