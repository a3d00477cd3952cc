// packets_panel.cpp — every frame sent and received: rates, filters, pause, a table
// with decoded fields, and a hex view of the selected frame.
#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <vector>

#include "imgui.h"
#include "panels.h"

namespace iocplab::client {

static const uint8_t kTypes[] = {CS_LOGIN, CS_MOVE, CS_CHAT, CS_LOGOUT, CS_OBSERVE, SC_LOGIN_OK, SC_LOGIN_FAIL,
                                 SC_ADD_PLAYER, SC_MOVE_PLAYER, SC_REMOVE_PLAYER, SC_CHAT, SC_TELEMETRY_TOTALS,
                                 SC_TELEMETRY_THREADS, SC_TELEMETRY_RECV};

static void controls(AppState& app) {
  PacketFilter& f = app.packet_filter;
  ImGui::Checkbox("sent", &f.show_sent);
  ImGui::SameLine();
  ImGui::Checkbox("received", &f.show_received);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(190);
  if (ImGui::BeginCombo("##type", f.only_type ? type_name(f.only_type) : "every type")) {
    if (ImGui::Selectable("every type", f.only_type == 0)) f.only_type = 0;
    for (uint8_t t : kTypes) {
      if (ImGui::Selectable(type_name(t), f.only_type == t)) f.only_type = t;
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  const PacketLog& log = app.packets;
  if (ImGui::Button(app.packets_paused ? "Resume" : "Pause")) {
    app.packets_paused = !app.packets_paused;
    app.packets_paused_at = log.size() ? log.at(log.size() - 1).number : 0;
  }
  ImGui::SameLine();
  if (ImGui::Button("Clear")) app.packets.clear();
  ImGui::SameLine();
  ImGui::Checkbox("follow", &app.packets_follow);
  ImGui::Text("sent %llu frames / %llu B   received %llu frames / %llu B",
              (unsigned long long)log.frames(Direction::Sent), (unsigned long long)log.bytes(Direction::Sent),
              (unsigned long long)log.frames(Direction::Received), (unsigned long long)log.bytes(Direction::Received));
}

static void plots(const PacketLog& log) {
  std::vector<float> fps, bps;
  // The current second is still filling up: plot the complete ones.
  const auto& secs = log.seconds();
  for (size_t i = 0; i + 1 < secs.size(); ++i) {
    fps.push_back(float(secs[i].frames));
    bps.push_back(float(secs[i].bytes));
  }
  if (fps.empty()) { fps.push_back(0); bps.push_back(0); }
  float w = (ImGui::GetContentRegionAvail().x - 8) * 0.5f;
  char label[64];
  std::snprintf(label, sizeof label, "packets/s: %.0f", fps.back());
  ImGui::PlotLines("##pps", fps.data(), int(fps.size()), 0, label, 0, FLT_MAX, ImVec2(w, 46));
  ImGui::SameLine();
  std::snprintf(label, sizeof label, "bytes/s: %.0f", bps.back());
  ImGui::PlotHistogram("##bps", bps.data(), int(bps.size()), 0, label, 0, FLT_MAX, ImVec2(w, 46));
}

static void table(AppState& app, float height) {
  const PacketLog& log = app.packets;
  std::vector<const PacketRecord*> rows;
  rows.reserve(log.size());
  for (size_t i = 0; i < log.size(); ++i) {
    const PacketRecord& r = log.at(i);
    if (app.packets_paused && r.number > app.packets_paused_at) break;
    if (app.packet_filter.matches(r)) rows.push_back(&r);
  }
  ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                          ImGuiTableFlags_BordersV | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("packets", 6, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("#", 0, 44);
  ImGui::TableSetupColumn("time", 0, 58);
  ImGui::TableSetupColumn("dir", 0, 24);
  ImGui::TableSetupColumn("type", 0, 150);
  ImGui::TableSetupColumn("size", 0, 34);
  ImGui::TableSetupColumn("fields", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(int(rows.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const PacketRecord& r = *rows[i];
      bool sent = r.dir == Direction::Sent;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      char id[32];
      std::snprintf(id, sizeof id, "%llu", (unsigned long long)r.number);
      if (ImGui::Selectable(id, app.selected_packet == r.number, ImGuiSelectableFlags_SpanAllColumns)) {
        app.selected_packet = r.number;
      }
      ImGui::TableNextColumn();
      ImGui::Text("%7.3f", r.time_s);
      ImGui::TableNextColumn();
      ImGui::TextColored(sent ? ImVec4(1.0f, 0.75f, 0.3f, 1) : ImVec4(0.45f, 0.8f, 1.0f, 1), sent ? "->" : "<-");
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(type_name(r.type));
      ImGui::TableNextColumn();
      ImGui::Text("%zu", r.bytes.size());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(describe(r.bytes).c_str());
    }
  }
  if (app.packets_follow && !app.packets_paused) ImGui::SetScrollHereY(1.0f);
  ImGui::EndTable();
}

static void hex_view(const AppState& app) {
  const PacketRecord* r = app.packets.find(app.selected_packet);
  ImGui::BeginChild("hex", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
  if (!r) {
    ImGui::TextDisabled("Select a row to see its bytes. Header: size (u16 LE), type (u8), then the payload.");
  } else {
    ImGui::Text("#%llu %s %s, %zu bytes: size=%u type=%u", (unsigned long long)r->number,
                r->dir == Direction::Sent ? "sent" : "received", type_name(r->type), r->bytes.size(),
                r->bytes.size() >= 2 ? unsigned(r->bytes[0] | r->bytes[1] << 8) : 0u, r->type);
    ImGui::TextUnformatted(hex_dump(r->bytes).c_str());
  }
  ImGui::EndChild();
}

void draw_packets_panel(AppState& app, const PanelRect& r, bool fixed) {
  place_window(r, fixed);
  if (!ImGui::Begin("Packets")) { ImGui::End(); return; }
  controls(app);
  plots(app.packets);
  float avail = ImGui::GetContentRegionAvail().y;
  table(app, std::max(80.0f, avail - 110));
  hex_view(app);
  ImGui::End();
}

}  // namespace iocplab::client
