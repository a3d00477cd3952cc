#include "lesson_catalog.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace iocplab::client {
namespace fs = std::filesystem;

static std::string read_text(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return {};
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::vector<LessonInfo> list_lessons(const fs::path& lessons_dir) {
  std::vector<LessonInfo> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(lessons_dir, ec)) {
    if (!entry.is_directory()) continue;
    std::string name = entry.path().filename().string();
    if (name.size() < 4 || !isdigit(name[0]) || !isdigit(name[1]) || name[2] != '-') continue;
    LessonInfo l;
    l.number = name.substr(0, 2);
    l.slug = name.substr(3);
    l.dir = entry.path();
    l.text_en = read_text(l.dir / "README.md");
    l.text_ko = read_text(l.dir / "README.ko.md");
    l.title = l.slug;
    std::istringstream lines(l.text_en);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("# ", 0) == 0) { l.title = line.substr(2); break; }
    }
    out.push_back(std::move(l));
  }
  std::sort(out.begin(), out.end(), [](const LessonInfo& a, const LessonInfo& b) { return a.number < b.number; });
  return out;
}

LessonDrive lesson_drive(const std::string& number) {
  LessonDrive d;
  d.args = {"--port", "0"};
  int n = std::atoi(number.c_str());
  if (n == 5) d = {LessonProbeKind::Echo, d.args, "Send echo text"};
  if (n == 6) d = {LessonProbeKind::Fragments, d.args, "Send fragmented frames"};
  if (n == 7) d = {LessonProbeKind::Broadcast, d.args, "Broadcast with a non-reading client"};
  // A small send limit shows the cut within a few MB (kernel socket buffers absorb
  // megabytes before the server's count grows).
  if (n == 8) d = {LessonProbeKind::SlowReader, {"--port", "0", "--send-limit", "65536"},
                   "Broadcast with a non-reading client"};
  if (n == 9) d = {LessonProbeKind::StaleId, d.args, "Reuse a slot: the old ID and the new one"};
  if (n >= 10 && n <= 13) d = {LessonProbeKind::Grid, d.args, "Open it in the Grid (log in on this port)"};
  return d;
}

fs::path find_repo_root(fs::path start) {
  std::error_code ec;
  start = fs::weakly_canonical(start, ec);
  for (fs::path p = start; !p.empty(); p = p.parent_path()) {
    // The source tree, not a build tree (which also has lessons/ and viz-client/ folders).
    if (fs::is_directory(p / "lessons", ec) && fs::is_regular_file(p / "viz-client" / "CMakeLists.txt", ec)) return p;
    if (p == p.parent_path()) break;
  }
  return {};
}

}  // namespace iocplab::client
