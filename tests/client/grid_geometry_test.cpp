// GridGeometry: where the Grid panel draws a tile (the headless tests rely on it).
#include <gtest/gtest.h>

#include "model/grid_geometry.h"

using namespace iocplab::client;

TEST(GridGeometry, CameraTileIsAtTheCanvasCenterAndTilesAreCellsApart) {
  GridGeometry g{100, 50, 600, 400, 20, 10, 30};
  float sx, sy;
  g.tile_center(10, 30, &sx, &sy);
  EXPECT_FLOAT_EQ(sx, 400);
  EXPECT_FLOAT_EQ(sy, 250);
  g.tile_center(12, 29, &sx, &sy);
  EXPECT_FLOAT_EQ(sx, 440);
  EXPECT_FLOAT_EQ(sy, 230);
  float tx, ty;
  g.tile_at(440, 230, &tx, &ty);
  EXPECT_FLOAT_EQ(tx, 12);
  EXPECT_FLOAT_EQ(ty, 29);
}

// Discs: amber for the player itself, green for an NPC (bit 31, stage 16's rule), blue for
// every other player; a lesson player id ((generation & 0x7FFF) << 16 | slot) is never green.
TEST(GridColors, NpcsAreGreenByTheirIdBitAndPlayersKeepTheirColors) {
  auto same = [](Rgb a, Rgb b) { return a.r == b.r && a.g == b.g && a.b == b.b; };
  const uint32_t self = 1u << 16 | 3;
  EXPECT_TRUE(same(disc_color(self, self), kSelfColor));
  EXPECT_TRUE(same(disc_color(0x80000000u, self), kNpcColor));
  EXPECT_TRUE(same(disc_color(0x80000000u | 1999, self), kNpcColor));
  EXPECT_TRUE(same(disc_color(0x7FFFu << 16 | 0xFFFF, self), kOtherColor));  // the largest lesson id
  EXPECT_TRUE(same(disc_color(2u << 16, self), kOtherColor));
  EXPECT_FALSE(same(kNpcColor, kOtherColor));
  EXPECT_FALSE(same(kNpcColor, kSelfColor));
}
