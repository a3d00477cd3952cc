// grid_panel.cpp — the world around the player: tiles, the view-range box, every
// player in view with its name, smooth movement, zoom/pan, keyboard moves, RTT.
#include <SDL_scancode.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "imgui.h"
#include "model/clock.h"
#include "model/label_layout.h"
#include "panels.h"

namespace iocplab::client {

// A held key moves at most ~11 times a second: inside the server's default move allowance
// (--move-rate 20, bursts of 40; PROTOCOL.md v1.1), so every step is applied.
constexpr double kMinMoveInterval = 0.09;

static ImU32 rgb(Rgb c, int a = 255) { return IM_COL32(c.r, c.g, c.b, a); }

static void handle_keys(AppState& app) {
  static double last_move = 0;
  if (!app.in_game() || ImGui::GetIO().WantTextInput) return;
#if IMGUI_VERSION_NUM >= 18700  // named keys (the newer Dear ImGui of vcpkg on Windows)
  struct { ImGuiKey a, b; uint8_t dir; } keys[] = {
      {ImGuiKey_UpArrow, ImGuiKey_W, 0},
      {ImGuiKey_DownArrow, ImGuiKey_S, 1},
      {ImGuiKey_LeftArrow, ImGuiKey_A, 2},
      {ImGuiKey_RightArrow, ImGuiKey_D, 3},
  };
  constexpr ImGuiKey kRecenter = ImGuiKey_F;
#else  // Debian's 1.86: key indices, which its SDL backend fills by SDL scancode
  struct { int a, b; uint8_t dir; } keys[] = {
      {ImGui::GetKeyIndex(ImGuiKey_UpArrow), SDL_SCANCODE_W, 0},
      {ImGui::GetKeyIndex(ImGuiKey_DownArrow), SDL_SCANCODE_S, 1},
      {ImGui::GetKeyIndex(ImGuiKey_LeftArrow), SDL_SCANCODE_A, 2},
      {ImGui::GetKeyIndex(ImGuiKey_RightArrow), SDL_SCANCODE_D, 3},
  };
  constexpr int kRecenter = SDL_SCANCODE_F;
#endif
  double now = now_s();
  for (auto& k : keys) {
    bool down = ImGui::IsKeyDown(k.a) || ImGui::IsKeyDown(k.b);
    bool pressed = ImGui::IsKeyPressed(k.a, false) || ImGui::IsKeyPressed(k.b, false);
    if ((pressed || down) && now - last_move >= kMinMoveInterval) {
      app.move(k.dir);
      last_move = now;
      app.pan_x = app.pan_y = 0;  // moving re-centers the camera
    }
  }
  if (ImGui::IsKeyPressed(kRecenter, false)) app.pan_x = app.pan_y = 0;
}

static void status_lines(AppState& app) {
  const WorldState& w = app.world;
  const PlayerView* me = w.self();
  if (!me) {
    ImGui::TextDisabled("Not in game. Log in from the Session panel.");
    return;
  }
  ImGui::Text("You: %s (id %u) at (%u, %u)  world %ux%u  view +-%u", me->name.c_str(), me->id, me->x, me->y,
              w.world_w(), w.world_h(), w.view());
  const auto& h = w.rtt_history();
  if (w.last_rtt_ms()) {
    float avg = h.empty() ? 0 : std::accumulate(h.begin(), h.end(), 0.0f) / h.size();
    ImGui::Text("Move RTT: last %u ms, avg %.1f ms over %zu moves (%u echoed of %llu sent)", *w.last_rtt_ms(), avg,
                h.size(), w.moves_echoed(), static_cast<unsigned long long>(app.moves_sent));
  } else {
    ImGui::TextDisabled("Move RTT: press an arrow key or WASD to measure the round trip of a move");
  }
}

void draw_grid_panel(AppState& app, const PanelRect& r, bool fixed) {
  place_window(r, fixed);
  if (!ImGui::Begin("Grid")) { ImGui::End(); return; }
  status_lines(app);

  ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImVec2 size = ImGui::GetContentRegionAvail();
  size.x = std::max(size.x, 50.0f);
  size.y = std::max(size.y, 50.0f);
  ImGui::InvisibleButton("canvas", size, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  bool hovered = ImGui::IsItemHovered();
  handle_keys(app);  // anywhere, unless a text field has the keyboard

  ImGuiIO& io = ImGui::GetIO();
  if (hovered && io.MouseWheel != 0) app.zoom = std::clamp(app.zoom * std::pow(1.15f, io.MouseWheel), 6.0f, 80.0f);
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Right, 0)) {
    app.pan_x -= io.MouseDelta.x / app.zoom;
    app.pan_y -= io.MouseDelta.y / app.zoom;
  }

  const WorldState& w = app.world;
  double now = now_s();
  float me_x = 0, me_y = 0;
  if (const PlayerView* me = w.self()) w.draw_position(*me, now, &me_x, &me_y);
  GridGeometry& g = app.grid;
  g = {p0.x, p0.y, size.x, size.y, app.zoom, me_x + app.pan_x, me_y + app.pan_y};

  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), true);
  dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), IM_COL32(10, 12, 16, 255));

  // Tiles in sight: the world area darker than outside it, a line per tile.
  float tx0, ty0, tx1, ty1;
  g.tile_at(p0.x, p0.y, &tx0, &ty0);
  g.tile_at(p0.x + size.x, p0.y + size.y, &tx1, &ty1);
  int x0 = static_cast<int>(std::floor(tx0)) - 1, x1 = static_cast<int>(std::ceil(tx1)) + 1;
  int y0 = static_cast<int>(std::floor(ty0)) - 1, y1 = static_cast<int>(std::ceil(ty1)) + 1;
  float half = g.cell_px * 0.5f;
  if (w.logged_in()) {
    float ax, ay, bx, by;
    g.tile_center(0, 0, &ax, &ay);
    g.tile_center(w.world_w() - 1, w.world_h() - 1, &bx, &by);
    dl->AddRectFilled(ImVec2(ax - half, ay - half), ImVec2(bx + half, by + half), IM_COL32(24, 30, 40, 255));
    for (int x = std::max(x0, 0); x <= std::min(x1, int(w.world_w())); ++x) {
      float sx, sy;
      g.tile_center(x - 0.5f, 0, &sx, &sy);
      ImU32 c = x % 10 == 0 ? IM_COL32(70, 85, 110, 255) : IM_COL32(38, 46, 60, 255);
      dl->AddLine(ImVec2(sx, std::max(p0.y, ay - half)), ImVec2(sx, std::min(p0.y + size.y, by + half)), c);
    }
    for (int y = std::max(y0, 0); y <= std::min(y1, int(w.world_h())); ++y) {
      float sx, sy;
      g.tile_center(0, y - 0.5f, &sx, &sy);
      ImU32 c = y % 10 == 0 ? IM_COL32(70, 85, 110, 255) : IM_COL32(38, 46, 60, 255);
      dl->AddLine(ImVec2(std::max(p0.x, ax - half), sy), ImVec2(std::min(p0.x + size.x, bx + half), sy), c);
    }
    // Coordinates every 10 tiles along the top and left edges.
    for (int x = (std::max(x0, 0) + 9) / 10 * 10; x <= std::min(x1, int(w.world_w()) - 1); x += 10) {
      float sx, sy;
      g.tile_center(float(x), 0, &sx, &sy);
      dl->AddText(ImVec2(sx - half + 2, p0.y + 2), IM_COL32(110, 130, 160, 255), std::to_string(x).c_str());
    }
    for (int y = (std::max(y0, 0) + 9) / 10 * 10; y <= std::min(y1, int(w.world_h()) - 1); y += 10) {
      float sx, sy;
      g.tile_center(0, float(y), &sx, &sy);
      dl->AddText(ImVec2(p0.x + 2, sy - half + 2), IM_COL32(110, 130, 160, 255), std::to_string(y).c_str());
    }

    // The view-range box: who the server tells us about.
    float vx0, vy0, vx1, vy1;
    g.tile_center(me_x - w.view(), me_y - w.view(), &vx0, &vy0);
    g.tile_center(me_x + w.view(), me_y + w.view(), &vx1, &vy1);
    dl->AddRectFilled(ImVec2(vx0 - half, vy0 - half), ImVec2(vx1 + half, vy1 + half), IM_COL32(255, 196, 0, 18));
    dl->AddRect(ImVec2(vx0 - half, vy0 - half), ImVec2(vx1 + half, vy1 + half), IM_COL32(255, 196, 0, 160), 3, 0, 2);

    // Names first, then discs on top. Names are placed so they never overlap each other or
    // a disc (model/label_layout.h): the player's own first, then the others; a name with no
    // free spot in a crowd is left out and shown on hover.
    float radius = std::max(3.0f, g.cell_px * 0.38f);
    const PlayerView* hovered_player = nullptr;
    std::vector<const PlayerView*> order;
    std::vector<LabelRect> discs;
    std::vector<LabelRequest> requests;
    if (const PlayerView* me = w.self()) order.push_back(me);
    for (const auto& [id, p] : w.players()) {
      if (id != w.self_id()) order.push_back(&p);
    }
    for (const PlayerView* p : order) {
      float px, py, sx, sy;
      w.draw_position(*p, now, &px, &py);
      g.tile_center(px, py, &sx, &sy);
      discs.push_back({sx - radius, sy - radius, sx + radius, sy + radius});
      ImVec2 ts = ImGui::CalcTextSize(p->name.c_str());
      requests.push_back({sx, sy, radius, ts.x + 4, ts.y});
      if (hovered && std::hypot(io.MousePos.x - sx, io.MousePos.y - sy) <= radius) hovered_player = p;
    }
    int hidden_names = 0;
    if (g.cell_px >= 14) {
      std::vector<LabelPlacement> labels = place_labels(requests, discs);
      for (size_t i = 0; i < order.size(); ++i) {
        if (!labels[i].shown) { hidden_names++; continue; }
        const LabelRect& r = labels[i].rect;
        dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), IM_COL32(0, 0, 0, 140), 3);
        dl->AddText(ImVec2(r.x0 + 2, r.y0), order[i]->id == w.self_id() ? IM_COL32(255, 220, 120, 255)
                                                                        : IM_COL32(220, 232, 255, 255),
                    order[i]->name.c_str());
      }
    }
    // Chat bubbles for 4 s over the speaker (under the discs, like the names).
    std::map<uint32_t, const ChatLine*> said;
    for (const ChatLine& c : w.chat()) {
      if (now - c.time_s < 4.0) said[c.id] = &c;
    }
    for (const auto& [id, line] : said) {
      const PlayerView* p = w.find(id);
      if (!p) continue;
      float px, py, sx, sy;
      w.draw_position(*p, now, &px, &py);
      g.tile_center(px, py, &sx, &sy);
      ImVec2 ts = ImGui::CalcTextSize(line->text.c_str(), nullptr, false, 220);
      ImVec2 a(sx - ts.x * 0.5f - 6, sy - radius - ImGui::GetTextLineHeight() - ts.y - 12);
      dl->AddRectFilled(a, ImVec2(a.x + ts.x + 12, a.y + ts.y + 8), IM_COL32(245, 245, 235, 235), 6);
      dl->AddText(nullptr, 0, ImVec2(a.x + 6, a.y + 4), IM_COL32(20, 20, 30, 255), line->text.c_str(), nullptr, 220);
    }
    for (int pass = 0; pass < 2; ++pass) {  // others, then the player itself on top
      for (const auto& [id, p] : w.players()) {
        bool self = id == w.self_id();
        if (self != (pass == 1)) continue;
        float px, py, sx, sy;
        w.draw_position(p, now, &px, &py);
        g.tile_center(px, py, &sx, &sy);
        dl->AddCircleFilled(ImVec2(sx, sy), radius, rgb(disc_color(id, w.self_id())), 20);
        if (self) dl->AddCircle(ImVec2(sx, sy), radius + 2.5f, IM_COL32(255, 255, 255, 230), 20, 2);
      }
    }
    if (hidden_names > 0) {
      std::string note = std::to_string(hidden_names) + (hidden_names == 1 ? " name" : " names") +
                         " left out in the crowd: hover a player";
      ImVec2 ts = ImGui::CalcTextSize(note.c_str());
      dl->AddText(ImVec2(p0.x + size.x - ts.x - 6, p0.y + size.y - ts.y - 4), IM_COL32(150, 160, 180, 220),
                  note.c_str());
    }
    if (hovered_player && app.show_flow && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
      app.follow(hovered_player->id == w.self_id() ? 0 : hovered_player->id);  // the flow view follows it
    }
    if (hovered_player) {
      ImGui::SetTooltip("%s\nid %u at (%u, %u)", hovered_player->name.c_str(), hovered_player->id, hovered_player->x,
                        hovered_player->y);
    }
  } else {
    const char* msg = "Log in to see the world";
    ImVec2 ts = ImGui::CalcTextSize(msg);
    dl->AddText(ImVec2(p0.x + (size.x - ts.x) * 0.5f, p0.y + (size.y - ts.y) * 0.5f), IM_COL32(150, 160, 180, 255), msg);
  }
  dl->PopClipRect();
  ImGui::End();
}

}  // namespace iocplab::client
