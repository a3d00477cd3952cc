#include "markdown_view.h"

#include <algorithm>
#include <string>
#include <vector>

#include "imgui.h"
#include "model/markdown.h"

namespace iocplab::client {

namespace {

const ImVec4 kText(0.86f, 0.89f, 0.94f, 1.0f);
const ImVec4 kStrong(1.00f, 1.00f, 1.00f, 1.0f);
const ImVec4 kEmphasis(0.70f, 0.85f, 1.00f, 1.0f);
const ImVec4 kCode(0.95f, 0.78f, 0.50f, 1.0f);
const ImVec4 kLink(0.45f, 0.75f, 1.00f, 1.0f);
const ImVec4 kHeading1(1.00f, 0.80f, 0.30f, 1.0f);
const ImVec4 kHeading2(0.55f, 0.80f, 1.00f, 1.0f);
constexpr ImU32 kCodeBackground = IM_COL32(255, 255, 255, 18);

ImVec4 color_of(md::SpanKind k, ImVec4 base) {
  switch (k) {
    case md::SpanKind::Code: return kCode;
    case md::SpanKind::Emphasis: return kEmphasis;
    case md::SpanKind::Strong: return kStrong;
    case md::SpanKind::Link: return kLink;
    default: return base;
  }
}

// Bytes of the UTF-8 character starting at s[i] (1 for a stray continuation byte).
size_t char_len(const std::string& s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  return i + n <= s.size() ? n : 1;
}

// Lays out styled spans from the cursor, wrapping at `right` (screen x). Words are cut at
// spaces; a word wider than the whole line (long Korean runs, paths) is cut by character.
class Flow {
 public:
  Flow(float left, float right) : left_(left), right_(right) {}

  void spans(const md::Spans& spans, ImVec4 base) {
    for (const md::Span& s : spans) span(s, color_of(s.kind, base));
  }

 private:
  void span(const md::Span& s, ImVec4 color) {
    bool code = s.kind == md::SpanKind::Code;
    size_t i = 0;
    while (i < s.text.size()) {  // a word and the spaces after it
      size_t end = s.text.find(' ', i);
      end = end == std::string::npos ? s.text.size() : end + 1;
      word(s.text.substr(i, end - i), color, code, s.kind == md::SpanKind::Link, end == s.text.size());
      i = end;
    }
  }
  // last: the span's last word (a code span's background stops at its last letter).
  void word(const std::string& w, ImVec4 color, bool code, bool underline, bool last = true) {
    float width = ImGui::CalcTextSize(w.c_str()).x + (code ? 4.0f : 0.0f);
    float line = right_ - left_;
    if (width > line) {  // too wide for any line: character by character
      for (size_t i = 0; i < w.size();) {
        size_t n = char_len(w, i);
        word(w.substr(i, n), color, code, underline, last);
        i += n;
      }
      return;
    }
    if (!empty_line_) {
      ImGui::SameLine(0, 0);
      if (ImGui::GetCursorScreenPos().x + width > right_) ImGui::NewLine();
    }
    std::string shown = w;
    if (ImGui::GetCursorScreenPos().x <= left_ + 0.5f) {  // no leading space on a new line
      size_t first = shown.find_first_not_of(' ');
      shown = first == std::string::npos ? "" : shown.substr(first);
    }
    ImVec2 at = ImGui::GetCursorScreenPos();
    ImVec2 size = ImGui::CalcTextSize(shown.c_str());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (code) {
      std::string body = last ? shown.substr(0, shown.find_last_not_of(' ') + 1) : shown;
      float bw = ImGui::CalcTextSize(body.c_str()).x;
      dl->AddRectFilled(ImVec2(at.x, at.y), ImVec2(at.x + bw + 4, at.y + size.y), kCodeBackground, 3);
      ImGui::SetCursorScreenPos(ImVec2(at.x + 2, at.y));
    }
    ImGui::TextColored(color, "%s", shown.c_str());
    if (code) {
      ImGui::SameLine(0, 2);
      ImGui::Dummy(ImVec2(0, size.y));
    }
    if (underline) {
      float y = at.y + size.y;
      dl->AddLine(ImVec2(at.x, y), ImVec2(at.x + ImGui::CalcTextSize(shown.c_str()).x, y), ImGui::GetColorU32(color));
    }
    empty_line_ = false;
  }

  float left_, right_;
  bool empty_line_ = true;
};

void draw_spans(const md::Spans& spans, ImVec4 base) {
  float left = ImGui::GetCursorScreenPos().x;
  float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  Flow flow(left, right);
  flow.spans(spans, base);  // the last item drawn already moved the cursor to a new line
}

std::string plain(const md::Spans& spans) {
  std::string s;
  for (const md::Span& sp : spans) s += sp.text;
  return s;
}

void draw_code(const md::Block& b) {
  ImGui::Indent(8);
  ImVec2 start = ImGui::GetCursorScreenPos();
  ImDrawListSplitter splitter;  // the background goes under the lines drawn after it
  ImDrawList* dl = ImGui::GetWindowDrawList();
  splitter.Split(dl, 2);
  splitter.SetCurrentChannel(dl, 1);
  for (const std::string& line : b.lines) ImGui::TextColored(kCode, "%s", line.empty() ? " " : line.c_str());
  splitter.SetCurrentChannel(dl, 0);
  float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  dl->AddRectFilled(ImVec2(start.x - 6, start.y - 3), ImVec2(right, ImGui::GetCursorScreenPos().y + 1),
                    IM_COL32(0, 0, 0, 90), 4);
  splitter.Merge(dl);
  ImGui::Unindent(8);
}

void draw_table(const md::Block& b, int serial) {
  size_t columns = 0;
  for (const auto& row : b.rows) columns = std::max(columns, row.size());
  if (columns == 0) return;
  std::string id = "md-table-" + std::to_string(serial);
  ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable(id.c_str(), static_cast<int>(columns), flags)) return;
  for (size_t r = 0; r < b.rows.size(); ++r) {
    ImGui::TableNextRow(r == 0 ? ImGuiTableRowFlags_Headers : 0);
    for (size_t c = 0; c < columns; ++c) {
      ImGui::TableSetColumnIndex(static_cast<int>(c));
      if (c < b.rows[r].size()) {
        ImGui::PushTextWrapPos(0.0f);
        draw_spans(b.rows[r][c], r == 0 ? kStrong : kText);
        ImGui::PopTextWrapPos();
      }
    }
  }
  ImGui::EndTable();
}

}  // namespace

void draw_markdown(std::string_view text) {
  int tables = 0;
  bool in_list = false;
  for (const md::Block& b : md::parse_blocks(text)) {
    if (in_list && b.kind != md::BlockKind::ListItem) ImGui::Spacing();  // after a list
    in_list = b.kind == md::BlockKind::ListItem;
    switch (b.kind) {
      case md::BlockKind::Heading:
        ImGui::Spacing();
        ImGui::TextColored(b.level <= 1 ? kHeading1 : kHeading2, "%s", plain(b.spans).c_str());
        if (b.level <= 2) ImGui::Separator();
        break;
      case md::BlockKind::Paragraph:
        draw_spans(b.spans, kText);
        ImGui::Spacing();
        break;
      case md::BlockKind::ListItem: {
        float indent = 14.0f * static_cast<float>(b.level + 1);
        ImGui::Indent(indent);
        if (b.marker.empty()) {
          ImGui::Bullet();
        } else {
          ImGui::TextColored(kText, "%s", b.marker.c_str());
        }
        ImGui::SameLine();
        draw_spans(b.spans, kText);
        ImGui::Unindent(indent);
        break;
      }
      case md::BlockKind::Quote: {
        ImVec2 top = ImGui::GetCursorScreenPos();
        ImGui::Indent(12);
        draw_spans(b.spans, kEmphasis);
        ImGui::Unindent(12);
        ImGui::GetWindowDrawList()->AddLine(ImVec2(top.x + 3, top.y), ImVec2(top.x + 3, ImGui::GetCursorScreenPos().y),
                                            IM_COL32(120, 150, 200, 200), 3);
        ImGui::Spacing();
        break;
      }
      case md::BlockKind::Code:
        draw_code(b);
        ImGui::Spacing();
        break;
      case md::BlockKind::Table:
        draw_table(b, tables++);
        ImGui::Spacing();
        break;
      case md::BlockKind::Rule:
        ImGui::Separator();
        break;
    }
  }
}

}  // namespace iocplab::client
