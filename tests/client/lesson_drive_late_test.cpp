// The lesson browser's drives for stages 15..18 and the model helpers their
// probes use: which racy program to run, what to show of its output, the stress summary.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "model/lesson_catalog.h"

using namespace iocplab::client;
namespace fs = std::filesystem;

namespace {
bool has(const std::vector<std::string>& v, const std::string& a, const std::string& b) {
  auto it = std::find(v.begin(), v.end(), a);
  return it != v.end() && it + 1 != v.end() && *(it + 1) == b;
}
}  // namespace

TEST(LessonDriveLate, StagesFifteenToEighteenGetTheirProbes) {
  EXPECT_EQ(lesson_drive("15").probe, LessonProbeKind::RaceReport);
  LessonDrive npc = lesson_drive("16");
  EXPECT_EQ(npc.probe, LessonProbeKind::Grid);
  EXPECT_TRUE(has(npc.args, "--npcs", "40"));
  EXPECT_TRUE(has(npc.args, "--npc-move-ms", "150"));
  EXPECT_TRUE(has(npc.args, "--port", "0"));
  LessonDrive db = lesson_drive("17");
  EXPECT_EQ(db.probe, LessonProbeKind::StoreStall);
  EXPECT_TRUE(has(db.args, "--hash-memory", "8"));
  EXPECT_TRUE(has(db.args, "--hash-passes", "1"));
  EXPECT_EQ(lesson_drive("18").probe, LessonProbeKind::Stress);
  for (const char* n : {"15", "16", "17", "18"}) EXPECT_FALSE(lesson_drive(n).button.empty()) << n;
}

TEST(LessonDriveLate, RaceCommandPrefersTheTsanBuildThenTheBenchByTheStagesNumber) {
  fs::path root = fs::temp_directory_path() / ("iocplab-race-" + std::to_string(getpid()));
  fs::path bin = root / "build" / "bin";
  fs::create_directories(bin);
  fs::create_directories(root / "build-tsan" / "bin");
  EXPECT_TRUE(race_command(root, bin, "15").program.empty()) << "nothing built yet";
  std::ofstream(bin / "lesson15_bench") << "x";
  EXPECT_EQ(race_command(root, bin, "15").program, bin / "lesson15_bench");
  EXPECT_TRUE(race_command(root, bin, "14").program.empty()) << "another stage's program is not used";
  std::ofstream(root / "build-tsan" / "bin" / "lesson15_bug_tests") << "x";
  LessonCommand c = race_command(root, bin, "15");
  EXPECT_EQ(c.program, root / "build-tsan" / "bin" / "lesson15_bug_tests");
  fs::remove_all(root);
}

TEST(LessonDriveLate, RaceReportKeepsTsanWarningsAndTheirFirstFrames) {
  std::string out =
      "[ RUN      ] Race.Counter\n"
      "==================\n"
      "WARNING: ThreadSanitizer: data race (pid=42)\n"
      "  Write of size 4 at 0x7b04 by thread T2:\n"
      "    #0 Game::move game.cpp:31\n"
      "    #1 worker workers.cpp:12\n"
      "    #2 more\n"
      "\n"
      "SUMMARY: ThreadSanitizer: data race game.cpp:31 in Game::move\n"
      "[  PASSED  ] 1 test.\n";
  auto lines = race_report_lines(out);
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines[0], "WARNING: ThreadSanitizer: data race (pid=42)");
  EXPECT_EQ(lines[1], "  Write of size 4 at 0x7b04 by thread T2:");
  EXPECT_EQ(lines[2], "    #0 Game::move game.cpp:31");
  EXPECT_TRUE(std::find(lines.begin(), lines.end(), "SUMMARY: ThreadSanitizer: data race game.cpp:31 in Game::move") != lines.end());
  EXPECT_TRUE(std::find(lines.begin(), lines.end(), "[ RUN      ] Race.Counter") == lines.end());
  EXPECT_LE(race_report_lines(out, 2).size(), 2u);
}

TEST(LessonDriveLate, RaceReportOnABenchKeepsTheCountLines) {
  auto lines = race_report_lines("shared counter\nno lock: 1234 of 4000 (lost 2766)\nmutex: 4000 of 4000\n");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "no lock: 1234 of 4000 (lost 2766)");
}

TEST(LessonDriveLate, StressCommandIsBoundedAndSummaryIsTheHeldLine) {
  LessonCommand c = stress_command("/b", 4321);
  EXPECT_EQ(c.program, fs::path("/b") / "iocplab-stress");
  EXPECT_TRUE(has(c.args, "--port", "4321"));
  EXPECT_TRUE(has(c.args, "--host", "127.0.0.1"));
  EXPECT_TRUE(has(c.args, "--max-bots", "300"));
  EXPECT_TRUE(has(c.args, "--duration", "10"));
  EXPECT_EQ(stress_summary("ramp\nbots held at 5\nheld 300 bots, avg 3.1 ms, p99 9 ms, limit 100 ms\n"),
            "held 300 bots, avg 3.1 ms, p99 9 ms, limit 100 ms");
  EXPECT_EQ(stress_summary("no summary\n"), "");
}
