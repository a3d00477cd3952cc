#include "lessons_panel.h"

#include <cstring>

#include "imgui.h"
#include "markdown_view.h"

namespace iocplab::client {
namespace fs = std::filesystem;

LessonsPanel::LessonsPanel(fs::path repo_root, fs::path bin_dir) : root_(std::move(repo_root)), bin_(std::move(bin_dir)) {
  reload();
}

void LessonsPanel::reload() {
  lessons_ = root_.empty() ? std::vector<LessonInfo>{} : list_lessons(root_ / "lessons");
  if (selected_ >= int(lessons_.size())) selected_ = 0;
}

bool LessonsPanel::select(const std::string& number) {
  for (int i = 0; i < int(lessons_.size()); ++i) {
    if (lessons_[i].number == number) { selected_ = i; return true; }
  }
  return false;
}

void LessonsPanel::run_selected() {
  const LessonInfo& l = lessons_[selected_];
  fs::path program = bin_ / ("lesson" + l.number);
  running_number_ = l.number;
  child_.start(program.string(), lesson_drive(l.number).args);
}

// Starts the stage's probe (not Grid, which is a button of its own: it connects the app).
void LessonsPanel::fire_probe(const LessonInfo& l, uint16_t port) {
  switch (lesson_drive(l.number).probe) {
    case LessonProbeKind::Echo: probe_.echo(port, echo_text_); break;
    case LessonProbeKind::Fragments: probe_.fragmented(port); break;
    case LessonProbeKind::Broadcast:
    case LessonProbeKind::SlowReader: probe_.broadcast(port); break;
    case LessonProbeKind::StaleId: probe_.stale_id(port); break;
    case LessonProbeKind::Grid:
    case LessonProbeKind::None: break;
  }
}

void LessonsPanel::probe_buttons(AppState& app, const LessonInfo& l) {
  uint16_t port = static_cast<uint16_t>(child_.port());
  bool ready = child_.running() && port != 0 && running_number_ == l.number;
  LessonDrive drive = lesson_drive(l.number);
  ImGui::BeginDisabled(!ready || probe_.busy());
  if (drive.probe == LessonProbeKind::Echo) {
    ImGui::SetNextItemWidth(260);
    ImGui::InputText("##echo", echo_text_, sizeof echo_text_);
    ImGui::SameLine();
  }
  if (drive.probe == LessonProbeKind::Grid) {
    if (ImGui::Button(drive.button.c_str())) {
      std::strcpy(app.host, "127.0.0.1");
      app.port = port;
      app.observe = false;  // a lesson server need not speak telemetry (CS_OBSERVE)
      app.connect();
    }
  } else if (drive.probe != LessonProbeKind::None) {
    if (ImGui::Button(drive.button.c_str())) fire_probe(l, port);
  } else {
    ImGui::TextDisabled("This stage has no network probe: read its output.");
  }
  ImGui::EndDisabled();
  if (!ready) ImGui::TextDisabled("Run the stage to enable its probe.");
}

void LessonsPanel::autorun_step() {
  if (!autorun_ || lessons_.empty()) return;
  const LessonInfo& l = lessons_[selected_];
  if (!autorun_started_) {
    autorun_started_ = true;
    run_selected();
  }
  uint16_t port = static_cast<uint16_t>(child_.port());
  if (!autorun_probed_ && port != 0) {
    autorun_probed_ = true;
    fire_probe(l, port);
  }
}

void LessonsPanel::draw(AppState& app, const PanelRect& r, bool fixed) {
  if (!app.show_lessons) return;
  autorun_step();
  place_window(r, fixed);
  if (!ImGui::Begin("Lessons", &app.show_lessons)) { ImGui::End(); return; }
  if (lessons_.empty()) {
    ImGui::TextWrapped("No lessons found%s. They live in lessons/NN-name/ next to viz-client/.",
                       root_.empty() ? " (repository root not found)" : "");
    if (ImGui::Button("Look again")) reload();
    ImGui::End();
    return;
  }
  ImGui::BeginChild("list", ImVec2(230, 0), true);
  for (int i = 0; i < int(lessons_.size()); ++i) {
    std::string label = lessons_[i].number + "  " + lessons_[i].slug;
    if (ImGui::Selectable(label.c_str(), selected_ == i)) selected_ = i;
  }
  ImGui::Separator();
  if (ImGui::SmallButton("Reload")) reload();
  ImGui::EndChild();
  ImGui::SameLine();

  const LessonInfo& l = lessons_[selected_];
  ImGui::BeginGroup();
  ImGui::TextDisabled("lessons/%s-%s", l.number.c_str(), l.slug.c_str());
  ImGui::SameLine(ImGui::GetContentRegionAvail().x - 190);
  if (ImGui::RadioButton("English", !korean_)) korean_ = false;
  ImGui::SameLine();
  if (ImGui::RadioButton("한국어 Korean", korean_)) korean_ = true;

  float text_h = ImGui::GetContentRegionAvail().y * 0.58f;
  ImGui::BeginChild("text", ImVec2(0, text_h), true);
  const std::string& text = korean_ ? l.text_ko : l.text_en;
  if (text.empty()) {
    ImGui::TextDisabled(korean_ ? "(README.ko.md is missing)" : "(README.md is missing)");
  } else {
    draw_markdown(text);
  }
  ImGui::EndChild();

  bool this_running = child_.running() && running_number_ == l.number;
  if (!this_running) {
    if (ImGui::Button("Run this stage")) run_selected();
    ImGui::SameLine();
    ImGui::TextDisabled("runs %s --port 0", (bin_ / ("lesson" + l.number)).string().c_str());
  } else {
    if (ImGui::Button("Stop")) child_.stop();
    ImGui::SameLine();
    if (child_.port()) ImGui::Text("listening on port %d", child_.port());
    else ImGui::TextDisabled("starting...");
  }
  if (!child_.error().empty()) ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", child_.error().c_str());
  if (!child_.running() && child_.exit_code() >= 0 && running_number_ == l.number) {
    ImGui::TextDisabled("the program exited with code %d", child_.exit_code());
  }
  probe_buttons(app, l);

  float half = (ImGui::GetContentRegionAvail().x - 8) * 0.5f;
  ImGui::BeginChild("output", ImVec2(half, 0), true);
  ImGui::TextDisabled("program output");
  ImGui::TextUnformatted(running_number_ == l.number ? child_.output().c_str() : "");
  if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 4) ImGui::SetScrollHereY(1.0f);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("probe", ImVec2(0, 0), true);
  ImGui::TextDisabled("probe");
  ImGui::TextWrapped("%s", probe_.log().c_str());
  ImGui::EndChild();
  ImGui::EndGroup();
  ImGui::End();
}

}  // namespace iocplab::client
