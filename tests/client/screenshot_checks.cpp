#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "headless_support.h"
#include "stb_image.h"

namespace fs = std::filesystem;

namespace iocplab::client::testing {

Image load_png(const fs::path& p) {
  Image img;
  int n = 0;
  unsigned char* data = stbi_load(p.c_str(), &img.w, &img.h, &n, 3);
  if (data) {
    img.rgb.assign(data, data + size_t(img.w) * img.h * 3);
    stbi_image_free(data);
  }
  return img;
}

bool same(Rgb a, Rgb b) { return std::abs(a.r - b.r) <= 3 && std::abs(a.g - b.g) <= 3 && std::abs(a.b - b.b) <= 3; }

size_t distinct_colors(const Image& img, int x0, int y0, int x1, int y1) {
  std::set<uint32_t> colors;
  for (int y = y0; y < y1; y += 2)
    for (int x = x0; x < x1; x += 2) {
      Rgb c = img.at(x, y);
      colors.insert(uint32_t(c.r) << 16 | c.g << 8 | c.b);
    }
  return colors.size();
}

void expect_discs_at_cells(const Image& img, const Dump& d, int* others_seen) {
  *others_seen = 0;
  for (const DumpPlayer& p : d.players) {
    float sx, sy;
    d.grid.tile_center(float(p.x), float(p.y), &sx, &sy);
    int px = int(std::lround(sx)), py = int(std::lround(sy));
    bool inside = sx > d.grid.canvas_x + d.grid.cell_px && sx < d.grid.canvas_x + d.grid.canvas_w - d.grid.cell_px &&
                  sy > d.grid.canvas_y + d.grid.cell_px && sy < d.grid.canvas_y + d.grid.canvas_h - d.grid.cell_px;
    if (!inside) continue;
    Rgb c = img.at(px, py);
    if (p.self) {
      EXPECT_TRUE(same(c, kSelfColor)) << "self disc missing at (" << px << "," << py << ")";
    } else {
      bool on_self_tile = p.x == d.self_x && p.y == d.self_y;
      EXPECT_TRUE(same(c, kOtherColor) || (on_self_tile && same(c, kSelfColor)))
          << p.name << " at tile (" << p.x << "," << p.y << ") not drawn at pixel (" << px << "," << py
          << "): got " << int(c.r) << "," << int(c.g) << "," << int(c.b);
      (*others_seen)++;
    }
  }
}

}  // namespace iocplab::client::testing
