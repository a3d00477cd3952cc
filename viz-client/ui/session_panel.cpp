// session_panel.cpp — login form, telemetry subscription, bots, and chat.
#include <algorithm>
#include <string>

#include "imgui.h"
#include "panels.h"

namespace iocplab::client {

static void login_section(AppState& app) {
  bool busy = app.link == LinkState::Connecting || app.link == LinkState::LoggingIn;
  bool online = busy || app.in_game();
  ImGui::BeginDisabled(online);
  ImGui::InputText("Server", app.host, sizeof app.host);
  ImGui::InputInt("Port", &app.port, 0);
  app.port = std::clamp(app.port, 1, 65535);
  ImGui::InputText("Name", app.name, sizeof app.name);
  ImGui::InputText("Password", app.password, sizeof app.password, ImGuiInputTextFlags_Password);
  ImGui::EndDisabled();
  if (!online) {
    if (ImGui::Button("Connect and log in", ImVec2(-1, 0))) app.connect();
  } else {
    if (ImGui::Button(app.in_game() ? "Log out" : "Cancel", ImVec2(-1, 0))) app.disconnect();
  }
  if (!app.status.empty()) {
    ImVec4 color = app.status_is_error ? ImVec4(1.0f, 0.45f, 0.40f, 1.0f)
                   : app.in_game()     ? ImVec4(0.55f, 0.95f, 0.55f, 1.0f)
                                       : ImVec4(0.85f, 0.85f, 0.85f, 1.0f);
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextWrapped("%s", app.status.c_str());
    ImGui::PopStyleColor();
  }
  bool observe = app.observe;
  if (ImGui::Checkbox("Observe server telemetry (CS_OBSERVE)", &observe)) app.set_observe(observe);
}

static void bots_section(AppState& app) {
  int n = app.bots_wanted;
  ImGui::SetNextItemWidth(-90);
  ImGui::SliderInt("##bots", &n, 0, 200, "%d bots");
  ImGui::SameLine();
  bool changed = n != app.bots_wanted;
  if (ImGui::Button("-5")) { n = std::max(0, n - 5); changed = true; }
  ImGui::SameLine();
  if (ImGui::Button("+5")) { n += 5; changed = true; }
  if (changed) app.set_bots(n);
  bool moving = app.bots.moving();
  if (ImGui::Checkbox("Bots wander", &moving)) app.bots.set_moving(moving);
  ImGui::Text("logged in %d / %d, moves sent %llu", app.bots.logged_in(), app.bots.target(),
              static_cast<unsigned long long>(app.bots.moves_sent()));
  if (app.bots.failed() > 0) {
    ImGui::TextColored(ImVec4(1, 0.6f, 0.4f, 1), "%d failures: %s", app.bots.failed(), app.bots.last_error().c_str());
  }
  if (app.link == LinkState::Idle || app.link == LinkState::Failed) ImGui::TextDisabled("(bots start when you connect)");
}

static void chat_section(AppState& app) {
  float h = std::max(80.0f, ImGui::GetContentRegionAvail().y - 60);
  ImGui::BeginChild("chatlog", ImVec2(0, h), true);
  for (const ChatLine& c : app.world.chat()) {
    bool mine = c.id == app.world.self_id();
    ImGui::TextColored(mine ? ImVec4(1.0f, 0.8f, 0.2f, 1) : ImVec4(0.5f, 0.75f, 1.0f, 1), "%s:", c.name.c_str());
    ImGui::SameLine();
    ImGui::TextWrapped("%s", c.text.c_str());
  }
  if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 4) ImGui::SetScrollHereY(1.0f);
  ImGui::EndChild();
  ImGui::SetNextItemWidth(-60);
  bool enter = ImGui::InputText("##chat", app.chat_input, sizeof app.chat_input, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Send") || enter) && app.chat_input[0]) {
    app.chat(app.chat_input);
    app.chat_input[0] = 0;
    ImGui::SetKeyboardFocusHere(-1);
  }
}

void draw_session_panel(AppState& app, const PanelRect& r, bool fixed) {
  place_window(r, fixed);
  if (!ImGui::Begin("Session")) { ImGui::End(); return; }
  if (ImGui::CollapsingHeader("Login", ImGuiTreeNodeFlags_DefaultOpen)) login_section(app);
  if (ImGui::CollapsingHeader("Bots", ImGuiTreeNodeFlags_DefaultOpen)) bots_section(app);
  if (ImGui::CollapsingHeader("Keys")) {
    ImGui::TextWrapped("Arrows or WASD: move (when not typing). Mouse wheel: zoom. Right-drag: pan. "
                       "F: follow the player again. Enter in chat: send.");
  }
  if (ImGui::CollapsingHeader("Chat", ImGuiTreeNodeFlags_DefaultOpen)) chat_section(app);
  ImGui::End();
}

}  // namespace iocplab::client
