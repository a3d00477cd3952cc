#include "lessons_panel.h"

#include <cstring>

#include "imgui.h"
#include "markdown_view.h"
#if defined(IOCPLAB_CLIENT_SQLITE)
#include "lessons/store_stall_probe.h"
#endif

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
  std::vector<std::string> args = lesson_drive(l.number).args;
  if (lesson_drive(l.number).probe == LessonProbeKind::Stress && full_scan_) {
    args.push_back("--sector-size");
    args.push_back("0");
  }
  if (lesson_drive(l.number).probe == LessonProbeKind::StoreStall) {
    args.push_back("--db");
    args.push_back(stall_db().string());
  }
  child_.start(program.string(), args);
}

// The stage's own file name in the working directory, passed as --db too, so the probe
// locks the file the stage uses either way.
fs::path LessonsPanel::stall_db() const {
  std::error_code ec;
  return fs::current_path(ec) / "lesson17.db";
}

void LessonsPanel::start_stall(uint16_t port) {
#if defined(IOCPLAB_CLIENT_SQLITE)
  if (stall_busy_) return;
  if (stall_.joinable()) stall_.join();
  stall_busy_ = true;
  {
    std::lock_guard lock(stall_mutex_);
    stall_lines_ = {"store stall: running (the lock is held 1.2 s)..."};
  }
  stall_ = std::thread([this, port, db = stall_db().string()] {
    StoreStallResult r = run_store_stall(port, db, 1200);
    std::lock_guard lock(stall_mutex_);
    stall_lines_ = r.timeline;
    stall_lines_.push_back(std::to_string(r.moves_during_stall) + " moves came back while the store was locked; B " +
                           (r.b_waited ? "waited" : "did NOT wait") + (r.b_logged_in ? ", then logged in" : ", and never logged in"));
    stall_busy_ = false;
  });
#else
  (void)port;
  std::lock_guard lock(stall_mutex_);
  stall_lines_ = {"store stall: this client was built without SQLite3"};
#endif
}

void LessonsPanel::start_side(const LessonInfo& l, uint16_t port) {
  LessonProbeKind kind = lesson_drive(l.number).probe;
  LessonCommand c = kind == LessonProbeKind::RaceReport ? race_command(root_, bin_, l.number) : stress_command(bin_, port);
  side_number_ = l.number;
  side_full_scan_ = full_scan_;
  if (c.program.empty()) {
    side_.stop();
    return;
  }
  side_.start(c.program.string(), c.args);
}

// What the side program showed: the race lines, or the stress figures (both kept).
void LessonsPanel::draw_side(const LessonInfo& l) {
  LessonProbeKind kind = lesson_drive(l.number).probe;
  if (kind != LessonProbeKind::RaceReport && kind != LessonProbeKind::Stress) return;
  bool mine = side_number_ == l.number;
  std::string out = mine ? side_.output() : "";
  if (kind == LessonProbeKind::RaceReport) {
    if (mine && race_command(root_, bin_, l.number).program.empty()) {
      ImGui::TextWrapped("Neither build-tsan/bin/lesson%s_bug_tests nor lesson%s_bench is built.", l.number.c_str(), l.number.c_str());
      return;
    }
    if (!mine) return;
    ImGui::TextDisabled("%s", side_.running() ? "running the racy variant..." : "the racy variant's report:");
    for (const std::string& line : race_report_lines(out)) {
      bool warn = line.find("ThreadSanitizer") != std::string::npos || line.find("lost") != std::string::npos;
      if (warn) ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", line.c_str());
      else ImGui::TextUnformatted(line.c_str());
    }
    return;
  }
  if (mine && !side_.running()) {
    std::string s = stress_summary(out);
    if (!s.empty()) (side_full_scan_ ? stress_full_ : stress_sectors_) = s;
  }
  if (mine && side_.running()) ImGui::TextDisabled("iocplab-stress running (at most 10 s)...");
  ImGui::Text("with sectors:             %s", stress_sectors_.empty() ? "(not run)" : stress_sectors_.c_str());
  ImGui::Text("full scan (--sector-size 0): %s", stress_full_.empty() ? "(not run)" : stress_full_.c_str());
}

// Starts the stage's probe (not Grid, which is a button of its own: it connects the app).
void LessonsPanel::fire_probe(const LessonInfo& l, uint16_t port) {
  switch (lesson_drive(l.number).probe) {
    case LessonProbeKind::Echo: probe_.echo(port, echo_text_); break;
    case LessonProbeKind::Fragments: probe_.fragmented(port); break;
    case LessonProbeKind::Broadcast:
    case LessonProbeKind::SlowReader: probe_.broadcast(port); break;
    case LessonProbeKind::StaleId: probe_.stale_id(port); break;
    case LessonProbeKind::RaceReport:
    case LessonProbeKind::Stress: start_side(l, port); break;
    case LessonProbeKind::StoreStall: start_stall(port); break;
    case LessonProbeKind::Grid:
    case LessonProbeKind::None: break;
  }
}

void LessonsPanel::probe_buttons(AppState& app, const LessonInfo& l) {
  uint16_t port = static_cast<uint16_t>(child_.port());
  bool ready = child_.running() && port != 0 && running_number_ == l.number;
  LessonDrive drive = lesson_drive(l.number);
  // 15 (data races) runs a program of its own: it needs no stage running.
  if (drive.probe == LessonProbeKind::RaceReport) ready = true;
  if (drive.probe == LessonProbeKind::Stress) {
    ImGui::BeginDisabled(child_.running() && running_number_ == l.number);
    ImGui::Checkbox("start the stage with --sector-size 0 (full scan)", &full_scan_);
    ImGui::EndDisabled();
  }
  ImGui::BeginDisabled(!ready || probe_.busy() || side_.running() || stall_busy_);
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
  draw_side(l);
}

void LessonsPanel::autorun_step() {
  if (!autorun_ || lessons_.empty()) return;
  const LessonInfo& l = lessons_[selected_];
  if (!autorun_started_) {
    autorun_started_ = true;
    run_selected();
  }
  uint16_t port = static_cast<uint16_t>(child_.port());
  if (!autorun_probed_ && (port != 0 || lesson_drive(l.number).probe == LessonProbeKind::RaceReport)) {
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
  if (lesson_drive(l.number).probe == LessonProbeKind::StoreStall) {
    std::lock_guard lock(stall_mutex_);
    for (const std::string& line : stall_lines_) ImGui::TextUnformatted(line.c_str());
  }
  ImGui::EndChild();
  ImGui::EndGroup();
  ImGui::End();
}

}  // namespace iocplab::client
