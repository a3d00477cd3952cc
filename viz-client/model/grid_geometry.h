// grid_geometry.h — where the Grid panel draws a world tile on screen. The renderer
// and the headless tests share it, so a test knows which pixel shows which tile.
#pragma once

#include <cstdint>

namespace iocplab::client {

struct GridGeometry {
  float canvas_x = 0, canvas_y = 0;  // top-left of the grid canvas, in window pixels
  float canvas_w = 0, canvas_h = 0;
  float cell_px = 24;                // side of one tile
  float cam_x = 0, cam_y = 0;        // world coordinates (tile units) at the canvas center

  // Screen position of the center of tile (x, y); fractional tiles for smooth movement.
  void tile_center(float x, float y, float* sx, float* sy) const {
    *sx = canvas_x + canvas_w * 0.5f + (x - cam_x) * cell_px;
    *sy = canvas_y + canvas_h * 0.5f + (y - cam_y) * cell_px;
  }
  // The tile under a screen position (for clicks), rounded to the nearest tile.
  void tile_at(float sx, float sy, float* x, float* y) const {
    *x = cam_x + (sx - canvas_x - canvas_w * 0.5f) / cell_px;
    *y = cam_y + (sy - canvas_y - canvas_h * 0.5f) / cell_px;
  }
};

}  // namespace iocplab::client

namespace iocplab::client {

// Colors the Grid panel fills a player's disc with (tests look for them in screenshots).
struct Rgb { unsigned char r, g, b; };
constexpr Rgb kSelfColor{255, 196, 0};    // the player itself: amber
constexpr Rgb kOtherColor{64, 156, 255};  // everyone else: blue
constexpr Rgb kNpcColor{80, 200, 110};    // an NPC: green

// An NPC's id has bit 31 set (lesson stages 16 on; docs/PROTOCOL.md, teaching extensions).
constexpr bool is_npc_id(uint32_t id) { return (id & 0x80000000u) != 0; }

// The fill of the disc of `id`, seen by the player `self_id`.
constexpr Rgb disc_color(uint32_t id, uint32_t self_id) {
  return id == self_id ? kSelfColor : is_npc_id(id) ? kNpcColor : kOtherColor;
}

}  // namespace iocplab::client
