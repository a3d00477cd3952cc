// flow_panel.cpp — the flow view: one followed session's bytes on their way through the
// server, drawn as seven stations (client -> recv completion on worker N -> reassembly ->
// handler -> fan-out -> gathered WSASend -> send completion) with a token that travels
// them, journey by journey, from SC_TELEMETRY_FLOW (model/flow_model.h). Pause, speed, a
// legend in English and Korean, and the journeys so far as a list.
#include <algorithm>
#include <cstdio>
#include <string>

#include "imgui.h"
#include "net/wire.h"
#include "panels.h"

namespace iocplab::client {

namespace {

constexpr int kStations = static_cast<int>(FlowStage::Count);
const ImU32 kStationColor[kStations] = {
    IM_COL32(150, 160, 180, 255), IM_COL32(70, 170, 255, 255),  IM_COL32(80, 200, 120, 255),
    IM_COL32(255, 210, 90, 255),  IM_COL32(255, 140, 90, 255),  IM_COL32(255, 170, 60, 255),
    IM_COL32(200, 140, 255, 255)};

// What a station says about this journey (one short line under its name).
std::string station_detail(const FlowJourney& j, FlowStage s, bool ko) {
  char buf[160];
  switch (s) {
    case FlowStage::ClientSent:
      if (j.outgoing_only) return ko ? "(다른 세션이 보낸 것)" : "(sent by others)";
      std::snprintf(buf, sizeof buf, ko ? "%u 바이트" : "%u bytes", j.bytes);
      return buf;
    case FlowStage::Recv:
      if (j.outgoing_only) return "-";
      std::snprintf(buf, sizeof buf, ko ? "워커 %u가 %u 바이트" : "worker %u, %u bytes", j.worker, j.bytes);
      return buf;
    case FlowStage::Cut:
      if (j.outgoing_only) return "-";
      std::snprintf(buf, sizeof buf, ko ? "%u개 완성, %s" : "%u frames, %s", j.frames_cut, j.cut_kind().c_str());
      return buf;
    case FlowStage::Handler: {
      if (j.handled.empty()) return "-";
      std::string names;
      for (size_t i = 0; i < j.handled.size() && i < 3; ++i) {
        if (i) names += ", ";
        names += type_name(j.handled[i].type);
      }
      if (j.handled.size() > 3) names += ", ...";
      return names;
    }
    case FlowStage::Fanout:
      if (j.recipients == 0) return "-";
      std::snprintf(buf, sizeof buf, ko ? "%u명에게 %u 프레임" : "%u sessions, %u frames", j.recipients,
                    j.fanout_frames);
      return buf;
    case FlowStage::Send: {
      if (j.sends.empty()) return "-";
      unsigned frames = 0, bytes = 0;
      for (const FlowSend& s2 : j.sends) { frames += s2.frames; bytes += s2.bytes; }
      std::snprintf(buf, sizeof buf, ko ? "WSASend %zu번, %u 프레임" : "%zu WSASend, %u frames", j.sends.size(),
                    frames);
      return buf;
    }
    case FlowStage::SendDone:
      if (j.send_done == 0) return "-";
      std::snprintf(buf, sizeof buf, ko ? "%u번 완료, %u 바이트" : "%u done, %u bytes", j.send_done,
                    j.send_done_bytes);
      return buf;
    default:
      return "";
  }
}

void legend(bool ko) {
  if (ko) {
    ImGui::TextWrapped(
        "한 세션의 바이트가 서버 안을 지나는 길: 클라이언트가 보낸 바이트를 워커 스레드가 recv 완료로 꺼내고, "
        "조립기가 프레임으로 자르고(온전/쪼개짐/여러 개), 핸들러가 처리하고, 시야 안의 세션들에게 전달하고, "
        "세션마다 모아 둔 프레임을 WSASend 한 번으로 보내고, 그 완료가 돌아옵니다.");
  } else {
    ImGui::TextWrapped(
        "The path of one session's bytes through the server: the client sends bytes, a worker thread dequeues "
        "the recv completion, the assembler cuts frames (whole, split, or several at once), the handler runs, "
        "the result fans out to the sessions in view, each session's queued frames leave in one gathered "
        "WSASend, and its completion comes back.");
  }
}

}  // namespace

void draw_flow_panel(AppState& app, const PanelRect& r, bool fixed) {
  if (!app.show_flow) return;
  place_window(r, fixed);
  if (!ImGui::Begin("Flow", &app.show_flow)) { ImGui::End(); return; }
  FlowModel& fm = app.flow;
  fm.advance(ImGui::GetIO().DeltaTime);
  const bool ko = app.flow_korean;

  // Controls.
  if (ImGui::Button(fm.paused ? (ko ? "재생" : "Play") : (ko ? "일시정지" : "Pause"))) fm.paused = !fm.paused;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(140);
  ImGui::SliderFloat(ko ? "속도" : "speed", &fm.speed, 0.1f, 4.0f, "%.1fx");
  ImGui::SameLine();
  if (ImGui::Button(ko ? "최신으로" : "Latest")) fm.skip_to_latest();
  ImGui::SameLine();
  if (ImGui::Button(ko ? "내 세션 따라가기" : "Follow me")) app.follow(0);
  ImGui::SameLine();
  ImGui::Checkbox("한국어", &app.flow_korean);
  ImGui::SameLine();
  ImGui::TextDisabled(ko ? "| 세션 %u, 기록 %llu, 대기 %zu" : "| session %u, %llu records, %zu queued", fm.session(),
                      static_cast<unsigned long long>(fm.records()), fm.backlog());
  if (!app.in_game() || !app.observe) {
    ImGui::TextWrapped(ko ? "로그인하고 관측(CS_OBSERVE)을 켜면 보입니다." :
                            "Log in with Observe on: the server sends the flow to observers only.");
    ImGui::End();
    return;
  }
  legend(ko);

  // The stations, left to right, and the token of the journey on screen.
  FlowStage stage = FlowStage::ClientSent;
  float fraction = 0;
  const FlowJourney* j = fm.current(&stage, &fraction);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 p0 = ImGui::GetCursorScreenPos();
  float w = ImGui::GetContentRegionAvail().x;
  float box_w = std::max(60.0f, (w - 12.0f * (kStations - 1)) / kStations), box_h = 74, gap = 12;
  ImGui::Dummy(ImVec2(w, box_h + 30));
  for (int i = 0; i < kStations; ++i) {
    FlowStage s = static_cast<FlowStage>(i);
    float x = p0.x + i * (box_w + gap);
    bool lit = j && static_cast<int>(stage) >= i;
    ImU32 c = kStationColor[i];
    ImU32 fill = lit ? (c & 0x00FFFFFF) | 0x50000000 : IM_COL32(24, 28, 36, 255);
    dl->AddRectFilled(ImVec2(x, p0.y), ImVec2(x + box_w, p0.y + box_h), fill, 6);
    dl->AddRect(ImVec2(x, p0.y), ImVec2(x + box_w, p0.y + box_h), c, 6, 0, static_cast<int>(s) == static_cast<int>(stage) && j ? 3.0f : 1.0f);
    dl->PushClipRect(ImVec2(x + 2, p0.y), ImVec2(x + box_w - 2, p0.y + box_h), true);
    dl->AddText(ImVec2(x + 6, p0.y + 6), IM_COL32(235, 240, 250, 255), flow_stage_name(s, ko));
    if (j && lit) {
      std::string d = station_detail(*j, s, ko);
      dl->AddText(nullptr, 0, ImVec2(x + 6, p0.y + 28), IM_COL32(210, 220, 235, 255), d.c_str(), nullptr, box_w - 12);
    }
    dl->PopClipRect();
    if (i + 1 < kStations) {  // the arrow to the next station
      float ay = p0.y + box_h / 2;
      dl->AddLine(ImVec2(x + box_w, ay), ImVec2(x + box_w + gap, ay), IM_COL32(120, 130, 150, 255), 2);
      dl->AddTriangleFilled(ImVec2(x + box_w + gap, ay), ImVec2(x + box_w + gap - 5, ay - 4),
                            ImVec2(x + box_w + gap - 5, ay + 4), IM_COL32(120, 130, 150, 255));
    }
  }
  if (j) {  // the token: from the middle of the station it is at toward the next one
    int i = static_cast<int>(stage);
    float x = p0.x + i * (box_w + gap) + box_w / 2 + (i + 1 < kStations ? fraction * (box_w + gap) : 0);
    dl->AddCircleFilled(ImVec2(x, p0.y + box_h + 14), 7, kStationColor[i], 16);
    char label[64];
    std::snprintf(label, sizeof label, "#%llu %s", static_cast<unsigned long long>(j->number), j->cut_kind().c_str());
    dl->AddText(ImVec2(x + 10, p0.y + box_h + 6), IM_COL32(220, 230, 245, 255), label);
  } else {
    dl->AddText(ImVec2(p0.x, p0.y + box_h + 6), IM_COL32(150, 160, 180, 255),
                ko ? "아직 기록이 없습니다: 움직이거나 채팅해 보세요" : "Nothing yet: move or chat to send some bytes");
  }

  // The journeys so far, newest first.
  ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                          ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("journeys", 8, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    const char* heads_en[] = {"#", "worker", "bytes", "cut", "handled", "fan-out", "its WSASends x frames", "done"};
    const char* heads_ko[] = {"#", "워커", "바이트", "조립", "처리", "전달", "WSASend 수 x 프레임", "완료"};
    for (const char* h : ko ? heads_ko : heads_en) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    const auto& js = fm.journeys();
    for (auto it = js.rbegin(); it != js.rend(); ++it) {
      const FlowJourney& x = *it;
      ImGui::TableNextRow();
      ImGui::TableNextColumn(); ImGui::Text("%llu", static_cast<unsigned long long>(x.number));
      ImGui::TableNextColumn(); x.outgoing_only ? ImGui::TextDisabled("-") : ImGui::Text("%u", x.worker);
      ImGui::TableNextColumn(); x.outgoing_only ? ImGui::TextDisabled("-") : ImGui::Text("%u", x.bytes);
      ImGui::TableNextColumn(); ImGui::TextUnformatted(x.cut_kind().c_str());
      ImGui::TableNextColumn(); ImGui::TextUnformatted(station_detail(x, FlowStage::Handler, ko).c_str());
      ImGui::TableNextColumn(); ImGui::TextUnformatted(station_detail(x, FlowStage::Fanout, ko).c_str());
      ImGui::TableNextColumn();
      unsigned frames = 0;
      for (const FlowSend& s2 : x.sends) frames += s2.frames;
      if (x.sends.empty()) ImGui::TextDisabled("-");
      else ImGui::Text("%zu x %.1f", x.sends.size(), double(frames) / double(x.sends.size()));
      ImGui::TableNextColumn(); ImGui::Text("%u", x.send_done);
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace iocplab::client
