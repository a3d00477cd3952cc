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
// The repository root: walks up from start looking for lessons/ next to
// viz-client/CMakeLists.txt; empty when not found.
std::filesystem::path find_repo_root(std::filesystem::path start);

}  // namespace iocplab::client
