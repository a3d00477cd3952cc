// lessons_panel.h — the lesson browser: pick a stage, read it (English or Korean), run
// its program on a free port, watch its output, drive it with the stage's probe.
#pragma once

#include <atomic>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "lessons/child_process.h"
#include "lessons/lesson_probe.h"
#include "model/lesson_catalog.h"
#include "panels.h"

namespace iocplab::client {

class LessonsPanel {
 public:
  // repo_root: where lessons/ is; bin_dir: where lessonNN programs are.
  LessonsPanel(std::filesystem::path repo_root, std::filesystem::path bin_dir);
  ~LessonsPanel() { if (stall_.joinable()) stall_.join(); }  // the stall probe is bounded (< 15 s)
  void draw(AppState& app, const PanelRect& r, bool fixed);
  bool select(const std::string& number);  // false when there is no such stage
  // Headless demo: run the selected stage once and fire its probe when it listens.
  void set_autorun(bool on) { autorun_ = on; }
  void set_korean(bool on) { korean_ = on; }

 private:
  void reload();
  void run_selected();
  void probe_buttons(AppState& app, const LessonInfo& l);
  void fire_probe(const LessonInfo& l, uint16_t port);

  std::filesystem::path root_, bin_;
  std::vector<LessonInfo> lessons_;
  int selected_ = 0;
  bool korean_ = false;
  ChildProcess child_;
  std::string running_number_;
  LessonProbe probe_;
  char echo_text_[128] = "hello, completion port";
  // 15 and 18: a program run beside the stage (the racy variant, iocplab-stress); the panel
  // shows the lines of its output that matter (model/lesson_catalog.h).
  ChildProcess side_;
  std::string side_number_;
  bool side_full_scan_ = false;         // 18: the stress run was against --sector-size 0
  bool full_scan_ = false;              // 18: start the stage with --sector-size 0
  std::string stress_sectors_, stress_full_;  // 18: the two "held N bots, avg X ms" figures
  void start_side(const LessonInfo& l, uint16_t port);
  void draw_side(const LessonInfo& l);
  // 17: the store-stall probe on its own thread; the panel draws its timeline.
  std::thread stall_;
  std::atomic<bool> stall_busy_{false};
  std::mutex stall_mutex_;
  std::vector<std::string> stall_lines_;
  std::filesystem::path stall_db() const;  // the stage's SQLite file (--db)
  void start_stall(uint16_t port);
  bool autorun_ = false, autorun_started_ = false, autorun_probed_ = false;
  void autorun_step();
};

}  // namespace iocplab::client
