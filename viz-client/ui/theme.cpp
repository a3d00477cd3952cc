// theme.cpp — the look: a dark theme with rounded corners, and the default layout.
#include "imgui.h"
#include "panels.h"

namespace iocplab::client {

Layout default_layout(float w, float h, float m) {
  Layout l;
  float left = 310, rest = w - left, grid_w = rest * 0.5f, right_w = rest - grid_w, body = h - m;
  float grid_h = body * 0.64f, packets_h = body * 0.54f;
  l.session = {0, m, left, body};
  l.grid = {left, m, grid_w, grid_h};
  l.reassembly = {left, m + grid_h, grid_w, body - grid_h};
  l.packets = {left + grid_w, m, right_w, packets_h};
  l.threads = {left + grid_w, m + packets_h, right_w, body - packets_h};
  l.lessons = {w * 0.12f, m + 30, w * 0.76f, body - 60};
  l.flow = {left + 8, m + body * 0.40f, rest - 16, body * 0.58f};
  return l;
}

void place_window(const PanelRect& r, bool fixed) {
  ImGuiCond cond = fixed ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(ImVec2(r.x, r.y), cond);
  ImGui::SetNextWindowSize(ImVec2(r.w, r.h), cond);
}

void apply_theme() {
  ImGui::StyleColorsDark();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowRounding = 6;
  s.FrameRounding = 4;
  s.GrabRounding = 4;
  s.TabRounding = 4;
  s.ScrollbarRounding = 6;
  s.WindowBorderSize = 1;
  s.FramePadding = ImVec2(6, 4);
  s.ItemSpacing = ImVec2(8, 5);
  ImVec4* c = s.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.09f, 0.10f, 0.13f, 1.0f);
  c[ImGuiCol_ChildBg] = ImVec4(0.07f, 0.08f, 0.10f, 1.0f);
  c[ImGuiCol_TitleBg] = ImVec4(0.12f, 0.14f, 0.19f, 1.0f);
  c[ImGuiCol_TitleBgActive] = ImVec4(0.16f, 0.22f, 0.33f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.20f, 0.30f, 0.45f, 0.8f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.26f, 0.40f, 0.60f, 0.9f);
  c[ImGuiCol_Button] = ImVec4(0.20f, 0.32f, 0.50f, 0.9f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.28f, 0.44f, 0.68f, 1.0f);
  c[ImGuiCol_FrameBg] = ImVec4(0.14f, 0.16f, 0.21f, 1.0f);
  c[ImGuiCol_PlotLines] = ImVec4(0.40f, 0.75f, 1.0f, 1.0f);
  c[ImGuiCol_PlotHistogram] = ImVec4(0.95f, 0.65f, 0.20f, 1.0f);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(1, 1, 1, 0.03f);
}

}  // namespace iocplab::client
