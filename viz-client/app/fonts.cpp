#include "fonts.h"

#include <filesystem>

#include "imgui.h"

namespace iocplab::client {

std::string load_fonts(float size_px) {
  ImGuiIO& io = ImGui::GetIO();
  const char* candidates[] = {"/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
                              "/usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf"};
  for (const char* path : candidates) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) continue;
    ImFontConfig cfg;
    cfg.OversampleH = 1;  // keeps the Hangul atlas small for the software renderer
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;  // whole-pixel glyph positions: crisp with the software renderer
    if (io.Fonts->AddFontFromFileTTF(path, size_px, &cfg, io.Fonts->GetGlyphRangesKorean())) {
      return std::string("font: ") + path;
    }
  }
  io.Fonts->AddFontDefault();
  return "font: Dear ImGui default (install fonts-nanum for Korean text)";
}

}  // namespace iocplab::client
