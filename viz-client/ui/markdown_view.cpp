#include "markdown_view.h"

#include <string>

#include "imgui.h"

namespace iocplab::client {

void draw_markdown(std::string_view text) {
  bool in_code = false;
  size_t at = 0;
  while (at <= text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(at, end - at));
    at = end + 1;
    if (line.rfind("```", 0) == 0) {  // fence: toggles code, not shown
      in_code = !in_code;
      continue;
    }
    if (in_code) {
      ImGui::TextColored(ImVec4(0.95f, 0.78f, 0.50f, 1.0f), "  %s", line.c_str());
      continue;
    }
    if (line.rfind("<!--", 0) == 0) continue;
    if (line.rfind("#", 0) == 0) {
      size_t level = line.find_first_not_of('#');
      std::string title = level == std::string::npos ? "" : line.substr(level + (line[level] == ' ' ? 1 : 0));
      ImGui::Spacing();
      ImGui::TextColored(level <= 1 ? ImVec4(1.0f, 0.80f, 0.30f, 1.0f) : ImVec4(0.55f, 0.80f, 1.0f, 1.0f), "%s",
                         title.c_str());
      if (level <= 2) ImGui::Separator();
      continue;
    }
    if (line.empty()) {
      ImGui::Spacing();
      continue;
    }
    for (size_t bold; (bold = line.find("**")) != std::string::npos;) line.erase(bold, 2);  // no bold font
    ImGui::TextWrapped("%s", line.c_str());
  }
}

}  // namespace iocplab::client
