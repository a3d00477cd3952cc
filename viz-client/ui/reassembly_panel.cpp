// reassembly_panel.cpp — the server's recv chunks of this connection with the frame
// boundaries found in them (telemetry 19), and the switches that fragment or coalesce
// what this client sends, so several frames in one recv and one frame over several
// recvs can both be watched.
#include <algorithm>
#include <cstdio>
#include <string>

#include "imgui.h"
#include "panels.h"

namespace iocplab::client {

constexpr size_t kRowsShown = 40;

static ImU32 kind_color(SegmentKind k) {
  switch (k) {
    case SegmentKind::Finishes: return IM_COL32(255, 150, 60, 255);
    case SegmentKind::Whole: return IM_COL32(80, 200, 120, 255);
    case SegmentKind::Starts: return IM_COL32(80, 150, 255, 255);
    case SegmentKind::Middle: return IM_COL32(180, 110, 255, 255);
  }
  return IM_COL32_WHITE;
}
static const char* kind_text(SegmentKind k) {
  switch (k) {
    case SegmentKind::Finishes: return "finishes a frame begun in an earlier recv";
    case SegmentKind::Whole: return "a whole frame";
    case SegmentKind::Starts: return "starts a frame (held until more bytes arrive)";
    case SegmentKind::Middle: return "the middle of a frame";
  }
  return "";
}

static void switches(AppState& app) {
  bool frag = app.connection.fragment(), coal = app.connection.coalesce();
  if (ImGui::Checkbox("Fragment my packets", &frag)) {
    app.connection.set_fragment(frag);
    if (frag) app.connection.set_coalesce(false);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("each frame goes out in random 1..4-byte pieces, 1..5 ms apart");
  ImGui::SameLine();
  if (ImGui::Checkbox("Coalesce", &coal)) {
    app.connection.set_coalesce(coal);
    if (coal) app.connection.set_fragment(false);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("up to 4 frames gathered (50 ms at most) into one send");
  ImGui::SameLine();
  ImGui::BeginDisabled(!app.in_game());
  if (ImGui::Button("Send 4 moves")) {
    static const uint8_t dirs[] = {3, 1, 2, 0};  // a small square: ends where it started
    for (uint8_t d : dirs) app.move(d);
  }
  ImGui::SameLine();
  if (ImGui::Button("Send chat")) app.chat("hello from the reassembly view");
  ImGui::EndDisabled();

  std::string pieces;
  for (size_t i = app.send_pieces.size() > 16 ? app.send_pieces.size() - 16 : 0; i < app.send_pieces.size(); ++i) {
    pieces += std::to_string(app.send_pieces[i]) + " ";
  }
  ImGui::TextDisabled("my last send() sizes: %s", pieces.empty() ? "-" : pieces.c_str());
}

static void legend() {
  SegmentKind kinds[] = {SegmentKind::Whole, SegmentKind::Finishes, SegmentKind::Starts, SegmentKind::Middle};
  const char* names[] = {"whole frame", "finishes carried frame", "starts a frame", "middle"};
  for (int i = 0; i < 4; ++i) {
    ImVec2 p = ImGui::GetCursorScreenPos();
    float h = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 3), ImVec2(p.x + h - 6, p.y + h - 3), kind_color(kinds[i]), 2);
    ImGui::Dummy(ImVec2(h - 4, h));
    ImGui::SameLine();
    ImGui::TextUnformatted(names[i]);
    if (i < 3) ImGui::SameLine(0, 14);
  }
}

static void chunk_rows(const ReassemblyRecord& rec) {
  const auto& chunks = rec.chunks();
  size_t first = chunks.size() > kRowsShown ? chunks.size() - kRowsShown : 0;
  uint16_t longest = 16;
  for (size_t i = first; i < chunks.size(); ++i) longest = std::max(longest, chunks[i].chunk.chunk_len);
  ImGui::BeginChild("chunks", ImVec2(0, 0), true);
  float w = ImGui::GetContentRegionAvail().x - 190;
  float px_per_byte = std::min(10.0f, w / longest);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (size_t i = first; i < chunks.size(); ++i) {
    const ChunkView& c = chunks[i];
    ImGui::Text("recv #%-5u %4u B", c.chunk.recv_index, c.chunk.chunk_len);
    ImGui::SameLine(130);
    ImGui::TextDisabled("%zu fr", c.chunk.frame_end.size());
    ImGui::SameLine(180);
    ImVec2 p = ImGui::GetCursorScreenPos();
    float h = ImGui::GetTextLineHeight();
    ImGui::Dummy(ImVec2(c.chunk.chunk_len * px_per_byte, h));
    for (const Segment& s : c.segments) {
      ImVec2 a(p.x + s.begin * px_per_byte, p.y + 1), b(p.x + s.end * px_per_byte, p.y + h - 1);
      dl->AddRectFilled(a, b, kind_color(s.kind), 2);
      dl->AddLine(ImVec2(b.x - 0.5f, p.y - 1), ImVec2(b.x - 0.5f, p.y + h + 1), IM_COL32(255, 255, 255, 200), 1.5f);
      if (ImGui::IsMouseHoveringRect(a, b)) {
        ImGui::SetTooltip("recv #%u bytes %u..%u: %s\ncarry_in %u (bytes of a frame buffered before this recv)",
                          c.chunk.recv_index, s.begin, s.end, kind_text(s.kind), c.chunk.carry_in);
      }
    }
    if (!c.consistent) {
      ImGui::SameLine();
      ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "inconsistent frame ends");
    }
  }
  if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 4) ImGui::SetScrollHereY(1.0f);
  ImGui::EndChild();
}

void draw_reassembly_panel(AppState& app, const PanelRect& r, bool fixed) {
  place_window(r, fixed);
  if (!ImGui::Begin("Reassembly")) { ImGui::End(); return; }
  switches(app);
  const ReassemblyRecord& rec = app.reassembly;
  ImGui::Text("server recvs %llu   with 2+ frames %llu   frames split over recvs %llu   not reported %llu",
              (unsigned long long)rec.total_chunks(), (unsigned long long)rec.multi_frame_chunks(),
              (unsigned long long)rec.split_frames(), (unsigned long long)rec.dropped());
  legend();
  if (rec.chunks().empty()) {
    ImGui::TextWrapped("No recv records yet: they come with telemetry (Observe) and show how the server's "
                       "recv calls cut your byte stream. Move, or tick Fragment / Coalesce and send.");
  } else {
    chunk_rows(rec);
  }
  ImGui::End();
}

}  // namespace iocplab::client
