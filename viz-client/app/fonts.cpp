#include "fonts.h"

#include <filesystem>
#include <vector>

#include "imgui.h"

namespace iocplab::client {

static bool exists(const char* path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

std::string load_fonts(float size_px, const std::string& preferred) {
  ImGuiIO& io = ImGui::GetIO();
  std::vector<const char*> korean = {"/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
                                     "/usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf"};
  if (!preferred.empty()) korean = {preferred.c_str()};
  // Latin, punctuation, arrows, box drawing and Hangul; not U+005C, which Korean fonts
  // draw as a Won sign: the backslash comes from a Latin font merged in below.
  static const ImWchar ranges[] = {0x0020, 0x005B, 0x005D, 0x00FF, 0x2000, 0x206F, 0x2190, 0x22FF, 0x2500, 0x257F,
                                   0x25A0, 0x25FF, 0x3131, 0x3163, 0xAC00, 0xD7A3, 0xFFFD, 0xFFFD, 0};
  static const ImWchar backslash[] = {0x005C, 0x005C, 0};
  for (const char* path : korean) {
    if (!exists(path)) continue;
    ImFontConfig cfg;
    cfg.OversampleH = 1;    // keeps the Hangul atlas small for the software renderer
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;  // whole-pixel glyph positions: crisp with the software renderer
    if (!io.Fonts->AddFontFromFileTTF(path, size_px, &cfg, ranges)) continue;
    ImFontConfig merge = cfg;
    merge.MergeMode = true;
    const char* latin = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if (!exists(latin) || !io.Fonts->AddFontFromFileTTF(latin, size_px - 1, &merge, backslash)) {
      io.Fonts->AddFontDefault(&merge);  // ProggyClean's backslash, better than a Won sign
    }
    return std::string("font: ") + path;
  }
  io.Fonts->AddFontDefault();
  return "font: Dear ImGui default, no Korean glyphs (install fonts-nanum for Korean text)";
}

}  // namespace iocplab::client
