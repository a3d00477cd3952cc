// Names on the grid never overlap each other or a disc; a crowd leaves some out.
#include "model/label_layout.h"

#include <gtest/gtest.h>

using namespace iocplab::client;

static LabelRect disc(float cx, float cy, float r) { return {cx - r, cy - r, cx + r, cy + r}; }

TEST(LabelLayout, ALoneNameGoesAboveItsDisc) {
  auto p = place_labels({{100, 100, 10, 40, 14}}, {disc(100, 100, 10)});
  ASSERT_TRUE(p[0].shown);
  EXPECT_FLOAT_EQ(p[0].rect.y1, 100 - 10 - 1);
  EXPECT_FLOAT_EQ(p[0].rect.x0, 80);
}

TEST(LabelLayout, NeighboursMoveTheirNamesAsideAndNothingOverlaps) {
  // Three players one tile apart in a row: the tiles are narrower than the names.
  std::vector<LabelRequest> req;
  std::vector<LabelRect> discs;
  for (int i = 0; i < 3; ++i) {
    req.push_back({100.0f + 26 * i, 100, 10, 60, 14});
    discs.push_back(disc(100.0f + 26 * i, 100, 10));
  }
  auto p = place_labels(req, discs);
  ASSERT_TRUE(p[0].shown);
  ASSERT_TRUE(p[1].shown);
  EXPECT_GT(p[1].rect.y0, 100);  // the second went below
  for (size_t i = 0; i < p.size(); ++i) {
    if (!p[i].shown) continue;
    for (const LabelRect& d : discs) EXPECT_FALSE(p[i].rect.overlaps(d)) << i;
    for (size_t j = i + 1; j < p.size(); ++j) {
      if (p[j].shown) {
        EXPECT_FALSE(p[i].rect.overlaps(p[j].rect)) << i << " " << j;
      }
    }
  }
}

TEST(LabelLayout, ACrowdOnOneTileShowsTheFirstNamesOnly) {
  std::vector<LabelRequest> req(6, LabelRequest{100, 100, 10, 40, 14});
  auto p = place_labels(req, {disc(100, 100, 10)});
  int shown = 0;
  for (auto& x : p) shown += x.shown;
  EXPECT_EQ(shown, 4);  // above, below, right, left
  EXPECT_TRUE(p[0].shown);
  EXPECT_FALSE(p[5].shown);
}
