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
  if (n == 7) d = {LessonProbeKind::Echo, d.args, "Send echo text"};
  if (n == 8) d = {LessonProbeKind::Fragments, d.args, "Send fragmented frames"};
  if (n == 9) d = {LessonProbeKind::Broadcast, d.args, "Broadcast with a non-reading client"};
  // A small send limit shows the cut within a few MB (kernel socket buffers absorb
  // megabytes before the server's count grows).
  if (n == 10) d = {LessonProbeKind::SlowReader, {"--port", "0", "--send-limit", "65536"},
                    "Broadcast with a non-reading client"};
  if (n == 11) d = {LessonProbeKind::StaleId, d.args, "Reuse a slot: the old ID and the new one"};
  if (n >= 12 && n <= 14) d = {LessonProbeKind::Grid, d.args, "Open it in the Grid (log in on this port)"};
  // Stages 15..18 (15 data races, 16 timer, 17 database, 18 view lists).
  if (n == 15) d = {LessonProbeKind::RaceReport, d.args, "Run the racy variant (what TSan catches)"};
  // A small world with NPCs right beside the player, moving often enough to watch.
  if (n == 16) d = {LessonProbeKind::Grid, {"--port", "0", "--world", "21", "--npcs", "40", "--npc-move-ms", "150"},
                    "Open it in the Grid: NPCs (green) move near you"};
  if (n == 17) d = {LessonProbeKind::StoreStall, {"--port", "0", "--hash-memory", "8", "--hash-passes", "1", "--npcs", "0"},
                    "Stall the store: do moves still flow?"};
  if (n == 18) d = {LessonProbeKind::Stress, {"--port", "0", "--hash-memory", "8", "--hash-passes", "1"}, "Stress it: bots held, avg delay"};
  return d;
}

LessonCommand race_command(const fs::path& repo_root, const fs::path& bin_dir, const std::string& number) {
  std::error_code ec;
  fs::path tsan = repo_root / "build-tsan" / "bin" / ("lesson" + number + "_bug_tests");
  if (!repo_root.empty() && fs::is_regular_file(tsan, ec)) return {tsan, {"--gtest_color=no"}};
  fs::path bench = bin_dir / ("lesson" + number + "_bench");
  if (fs::is_regular_file(bench, ec)) return {bench, {}};
  return {};
}

std::vector<std::string> race_report_lines(const std::string& output, size_t max_lines) {
  std::vector<std::string> out;
  bool tsan = output.find("ThreadSanitizer") != std::string::npos;
  int frames_after = 0;  // TSan: the access line and its first frame follow the warning
  size_t pos = 0;
  while (pos < output.size() && out.size() < max_lines) {
    size_t end = output.find('\n', pos);
    if (end == std::string::npos) end = output.size();
    std::string line = output.substr(pos, end - pos);
    pos = end + 1;
    if (tsan) {
      if (line.find("WARNING: ThreadSanitizer:") != std::string::npos || line.find("SUMMARY: ThreadSanitizer") != std::string::npos) {
        out.push_back(line);
        frames_after = 3;
      } else if (frames_after > 0 && !line.empty()) {
        out.push_back(line);
        --frames_after;
      }
    } else if (line.find_first_of("0123456789") != std::string::npos) {
      out.push_back(line);  // the bench: each variant's count and cost
    }
  }
  return out;
}

LessonCommand stress_command(const fs::path& bin_dir, uint16_t port) {
  // Bounded: at most 300 bots, 5 ms apart, held 2 s, the whole run capped at 10 s.
  return {bin_dir / "iocplab-stress",
          {"--host", "127.0.0.1", "--port", std::to_string(port), "--max-bots", "300", "--ramp-ms", "5",
           "--hold", "2", "--duration", "10", "--password", "pw"}};
}

std::string stress_summary(const std::string& output) {
  size_t at = output.rfind("held ");
  while (at != std::string::npos && at > 0 && output[at - 1] != '\n') at = output.rfind("held ", at - 1);
  if (at == std::string::npos) return {};
  size_t end = output.find('\n', at);
  return output.substr(at, end == std::string::npos ? std::string::npos : end - at);
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
