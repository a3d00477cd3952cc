// lesson_catalog.h — the lesson stages on disk (lessons/NN-name/README.md and
// README.ko.md) and where each stage's program is (build/bin/lessonNN).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace iocplab::client {

struct LessonInfo {
  std::string number;  // "05"
  std::string slug;    // "recv-loop"
  std::string title;   // first "# " heading of README.md, or the slug
  std::filesystem::path dir;
  std::string text_en, text_ko;  // empty when the file is missing
};

std::vector<LessonInfo> list_lessons(const std::filesystem::path& lessons_dir);

// How the lesson browser drives a stage (lessons 01..18): its probe and the arguments
// its program is started with.
enum class LessonProbeKind {
  None,        // 01-06: read its output
  Echo,        // 07: echo text
  Fragments,   // 08: frames cut into small pieces
  Broadcast,   // 09: a broadcast with one client that never reads (the server holds its queue)
  SlowReader,  // 10: the same, with a small --send-limit: the non-reader is cut off
  StaleId,     // 11: a slot reused: the old ID and the new one
  Grid,        // 12-14: the Grid logs in on the stage's port (13, 14: moves and views); 16: NPCs near
  RaceReport,  // 15: the racy variant's report (TSan's "data race" lines, or the bench's lost updates)
  StoreStall,  // 17: moves flow while the store is held locked (args carry --db, filled by the panel)
  Stress,      // 18: iocplab-stress against the stage, with sectors and with --sector-size 0
};
struct LessonDrive {
  LessonProbeKind probe = LessonProbeKind::None;
  std::vector<std::string> args;  // after the program name
  std::string button;             // the probe button's label; empty for None
};
LessonDrive lesson_drive(const std::string& number);

// A program a probe runs beside the stage (not the stage itself).
struct LessonCommand {
  std::filesystem::path program;
  std::vector<std::string> args;
};
// RaceReport: the stage's racy variant, by the stage's own number NN: the TSan build's
// build-tsan/bin/lessonNN_bug_tests when it exists, else build/bin/lessonNN_bench (no lock /
// mutex / atomic counts); empty program when neither exists.
LessonCommand race_command(const std::filesystem::path& repo_root, const std::filesystem::path& bin_dir,
                           const std::string& number);
// The lines of a race run worth showing: TSan's "WARNING: ThreadSanitizer: data race" lines
// and the first frame under each, or (bench) the lines with counts; at most max_lines.
std::vector<std::string> race_report_lines(const std::string& output, size_t max_lines = 24);
// Stress: a short bounded iocplab-stress run against 127.0.0.1:port.
LessonCommand stress_command(const std::filesystem::path& bin_dir, uint16_t port);
// The "held N bots, avg X ms" summary line of a stress run; empty when it has none.
std::string stress_summary(const std::string& output);
// The repository root: walks up from start looking for lessons/ next to
// viz-client/CMakeLists.txt; empty when not found.
std::filesystem::path find_repo_root(std::filesystem::path start);

}  // namespace iocplab::client
