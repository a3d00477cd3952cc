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
