// threads_panel.cpp — the server's worker threads from telemetry: per 200 ms interval
// what each thread handled (accept, recv, send, posted) and how long it waited, plus
// completions per second, session and slot counts.
#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <vector>

#include "imgui.h"
#include "panels.h"

namespace iocplab::client {

constexpr size_t kColumns = 60;  // intervals on screen (12 s at 200 ms)
static const ImU32 kAccept = IM_COL32(190, 120, 255, 255), kRecv = IM_COL32(70, 170, 255, 255),
                   kSend = IM_COL32(255, 170, 60, 255), kPosted = IM_COL32(90, 220, 120, 255),
                   kError = IM_COL32(255, 70, 70, 255);

static void legend() {
  struct { ImU32 c; const char* name; } items[] = {
      {kAccept, "accept"}, {kRecv, "recv"}, {kSend, "send"}, {kPosted, "posted/DB"}, {kError, "error"}};
  for (auto& it : items) {
    if (&it != items) ImGui::SameLine(0, 14);
    ImVec2 p = ImGui::GetCursorScreenPos();
    float h = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 3), ImVec2(p.x + h - 6, p.y + h - 3), it.c, 2);
    ImGui::Dummy(ImVec2(h - 4, h));
    ImGui::SameLine();
    ImGui::TextUnformatted(it.name);
  }
  ImGui::SameLine(0, 14);
  ImGui::TextDisabled("(bar: completions per 200 ms)");
}

static void totals(const TelemetryTimeline& tl) {
  const TotalsSample& s = tl.totals().back();
  const TelemetryTotals& t = s.totals;
  ImGui::Text("uptime %.1f s   sessions %u   slots in use %u / %u   players %u", t.uptime_ms / 1000.0, t.sessions,
              t.slots_in_use, t.max_sessions, t.players_online);
  ImGui::Text("packets in %.0f/s out %.0f/s   bytes in %.0f/s out %.0f/s", s.packets_in_per_s, s.packets_out_per_s,
              s.bytes_in_per_s, s.bytes_out_per_s);
  ImGui::TextDisabled("violations %llu  slow readers %llu  login timeouts %llu  stale drops %llu",
                      (unsigned long long)t.violations, (unsigned long long)t.slow_readers,
                      (unsigned long long)t.login_timeouts, (unsigned long long)t.stale_drops);
}

static void thread_rows(const TelemetryTimeline& tl) {
  const auto& ivs = tl.intervals();
  size_t first = ivs.size() > kColumns ? ivs.size() - kColumns : 0;
  uint32_t peak = 1;
  for (size_t i = first; i < ivs.size(); ++i)
    for (const ThreadDelta& d : ivs[i].threads) peak = std::max(peak, d.completions());

  const float label_w = 215, row_h = 30;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (size_t t = 0; t < tl.thread_count(); ++t) {
    const ThreadDelta* last = ivs.empty() || t >= ivs.back().threads.size() ? nullptr : &ivs.back().threads[t];
    double span_us = ivs.empty() ? 1 : (ivs.back().end_ms - ivs.back().start_ms) * 1000.0;
    ImGui::Text("worker %zu", t);
    ImGui::SameLine(70);
    ImGui::TextDisabled("%5.0f/s", tl.completions_per_second(t));
    if (last) {
      ImGui::SameLine(140);
      // Idle is what busy time leaves of the interval: a thread blocked in GQCS for a whole
      // interval may report its wait only when the wait ends.
      double idle = std::clamp(100.0 - last->busy_us / span_us * 100.0, 0.0, 100.0);
      ImGui::TextDisabled("%3.0f%% idle", idle);
    }
    ImGui::SameLine(label_w);
    ImVec2 p = ImGui::GetCursorScreenPos();
    float w = ImGui::GetContentRegionAvail().x;
    ImGui::Dummy(ImVec2(w, row_h));
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + row_h), IM_COL32(18, 20, 26, 255), 3);
    float col_w = w / kColumns;
    size_t shown = ivs.size() - first;
    for (size_t i = first; i < ivs.size(); ++i) {
      if (t >= ivs[i].threads.size()) continue;
      const ThreadDelta& d = ivs[i].threads[t];
      float x = p.x + (kColumns - shown + (i - first)) * col_w;
      float y = p.y + row_h;
      uint32_t parts[] = {d.accepts, d.recvs, d.sends, d.posted, d.errors};
      ImU32 colors[] = {kAccept, kRecv, kSend, kPosted, kError};
      for (int k = 0; k < 5; ++k) {
        if (!parts[k]) continue;
        float h = std::max(1.0f, (row_h - 2) * parts[k] / float(peak));
        dl->AddRectFilled(ImVec2(x + 1, y - h), ImVec2(x + col_w - 1, y), colors[k]);
        y -= h;
      }
      if (ImGui::IsMouseHoveringRect(ImVec2(x, p.y), ImVec2(x + col_w, p.y + row_h))) {
        ImGui::SetTooltip("worker %zu, %.1f..%.1f s\naccept %u  recv %u  send %u  posted %u  errors %u\n"
                          "busy %.2f ms, waiting %.1f ms",
                          t, ivs[i].start_ms / 1000.0, ivs[i].end_ms / 1000.0, d.accepts, d.recvs, d.sends,
                          d.posted, d.errors, d.busy_us / 1000.0, d.wait_us / 1000.0);
      }
    }
  }
}

static void history(const TelemetryTimeline& tl) {
  std::vector<float> sessions, pin, pout;
  for (const TotalsSample& s : tl.totals()) {
    sessions.push_back(float(s.totals.sessions));
    pin.push_back(float(s.packets_in_per_s));
    pout.push_back(float(s.packets_out_per_s));
  }
  size_t keep = 150;
  auto tail = [&](std::vector<float>& v) { if (v.size() > keep) v.erase(v.begin(), v.end() - keep); };
  tail(sessions); tail(pin); tail(pout);
  float w = (ImGui::GetContentRegionAvail().x - 16) / 3;
  char label[64];
  std::snprintf(label, sizeof label, "sessions %.0f", sessions.back());
  ImGui::PlotLines("##sessions", sessions.data(), int(sessions.size()), 0, label, 0, FLT_MAX, ImVec2(w, 44));
  ImGui::SameLine();
  std::snprintf(label, sizeof label, "server in %.0f/s", pin.back());
  ImGui::PlotLines("##pin", pin.data(), int(pin.size()), 0, label, 0, FLT_MAX, ImVec2(w, 44));
  ImGui::SameLine();
  std::snprintf(label, sizeof label, "server out %.0f/s", pout.back());
  ImGui::PlotLines("##pout", pout.data(), int(pout.size()), 0, label, 0, FLT_MAX, ImVec2(w, 44));
}

// Step mode (iocplab-server --step, docs/STEP.md): Pause / Step / Run, the completions the
// workers dequeued that wait before handling, and what the last ones let through did.
static void step_controls(AppState& app) {
  const StepView& sv = app.step;
  ImGui::TextColored(ImVec4(0.55f, 0.80f, 1.0f, 1.0f), "Step mode (--step)");
  if (!sv.paused()) {
    if (ImGui::Button("Pause")) app.step_control(1);
    ImGui::SameLine();
    ImGui::TextDisabled("running: completions are handled as they come");
  } else {
    ImGui::BeginDisabled(sv.waiting().empty());
    if (ImGui::Button("Step")) app.step_control(2, 1);
    ImGui::SameLine();
    if (ImGui::Button("Step 5")) app.step_control(2, 5);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Run")) app.step_control(0);
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.3f, 1.0f), "paused: %zu waiting, %u stepped", sv.waiting().size(),
                       sv.handled());
  }
  ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (!sv.waiting().empty() && ImGui::BeginTable("waiting", 7, flags)) {
    for (const char* h : {"#", "worker", "op", "ok", "key (slot)", "bytes", "session"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    size_t shown = 0;
    for (const proto::ScStepWaiting& w : sv.waiting()) {
      if (++shown > 6) break;
      ImGui::TableNextRow();
      ImGui::TableNextColumn(); ImGui::Text("%u", w.seq);
      ImGui::TableNextColumn(); ImGui::Text("%u", w.worker);
      ImGui::TableNextColumn(); ImGui::TextUnformatted(step_op_name(w.op));
      ImGui::TableNextColumn(); ImGui::TextUnformatted(w.ok ? "TRUE" : "FALSE");
      ImGui::TableNextColumn();
      if (w.key == 0xFFFFFFFFu || w.key > 0xFFFFF) ImGui::TextDisabled("special");
      else ImGui::Text("%u", w.key);
      ImGui::TableNextColumn(); ImGui::Text("%u", w.bytes);
      ImGui::TableNextColumn();
      if (w.session) ImGui::Text("%u", w.session);
      else ImGui::TextDisabled("-");
    }
    ImGui::EndTable();
  }
  if (!sv.done().empty()) {
    const proto::ScStepDone& d = sv.done().back();
    const proto::ScStepWaiting* w = sv.answered(d.seq);
    ImGui::Text("last handled: #%u %s on worker %u -> %u frames cut, %u frames sent, %u closes", d.seq,
                w ? step_op_name(w->op) : "?", w ? w->worker : 0, d.frames_cut, d.frames_sent, d.closes);
  }
}

void draw_threads_panel(AppState& app, const PanelRect& r, bool fixed) {
  place_window(r, fixed);
  if (!ImGui::Begin("Threads")) { ImGui::End(); return; }
  const TelemetryTimeline& tl = app.telemetry;
  if (tl.totals().empty() && tl.thread_count() == 0) {
    ImGui::TextWrapped("No telemetry yet. The server sends it about 5 times a second after CS_OBSERVE(1): "
                       "log in with \"Observe server telemetry\" ticked in the Session panel.");
    ImGui::End();
    return;
  }
  if (app.step.available()) step_controls(app);
  if (!tl.totals().empty()) totals(tl);
  legend();
  thread_rows(tl);
  if (!tl.totals().empty()) history(tl);
  ImGui::End();
}

}  // namespace iocplab::client
