// lesson_catalog.h — the lesson stages on disk (lessons/NN-name/README.md and
// README.ko.md) and where each stage's program is (build/bin/lessonNN).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace iocplab::client {

struct LessonInfo {
  std::string number;  // "04"
  std::string slug;    // "recv-loop"
  std::string title;   // first "# " heading of README.md, or the slug
  std::filesystem::path dir;
  std::string text_en, text_ko;  // empty when the file is missing
};

std::vector<LessonInfo> list_lessons(const std::filesystem::path& lessons_dir);

// How the lesson browser drives a stage (lessons 01..11): its probe and the arguments
// its program is started with.
enum class LessonProbeKind {
  None,        // 01-03: read its output
  Echo,        // 04: echo text
  Fragments,   // 05: frames cut into small pieces
  Broadcast,   // 06: a broadcast with one client that never reads (the server holds its queue)
  SlowReader,  // 07: the same, with a small --send-limit: the non-reader is cut off
  StaleId,     // 08: a slot reused: the old ID and the new one
  Grid,        // 09-11: the Grid logs in on the stage's port (10: moves and views)
};
struct LessonDrive {
  LessonProbeKind probe = LessonProbeKind::None;
  std::vector<std::string> args;  // after the program name
  std::string button;             // the probe button's label; empty for None
};
LessonDrive lesson_drive(const std::string& number);
// The repository root: walks up from start looking for lessons/ next to
// viz-client/CMakeLists.txt; empty when not found.
std::filesystem::path find_repo_root(std::filesystem::path start);

}  // namespace iocplab::client
