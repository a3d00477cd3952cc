// LessonCatalog: the lesson browser's list, from a directory tree.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <string>
#include <vector>

#include "model/lesson_catalog.h"

using namespace iocplab::client;
namespace fs = std::filesystem;

TEST(LessonCatalog, ListsStagesInOrderWithBothTexts) {
  fs::path root = fs::temp_directory_path() / ("iocplab-lessons-" + std::to_string(getpid()));
  fs::create_directories(root / "lessons" / "05-reassembly");
  fs::create_directories(root / "lessons" / "04-recv-loop");
  fs::create_directories(root / "lessons" / "tools");
  fs::create_directories(root / "viz-client");
  std::ofstream(root / "viz-client" / "CMakeLists.txt") << "# marker\n";
  fs::create_directories(root / "build" / "lessons" / "04-recv-loop");  // a build tree inside
  fs::create_directories(root / "build" / "viz-client");
  std::ofstream(root / "lessons" / "04-recv-loop" / "README.md") << "intro\n# The recv loop\ntext\n";
  std::ofstream(root / "lessons" / "04-recv-loop" / "README.ko.md") << "# 수신 루프\n";
  auto lessons = list_lessons(root / "lessons");
  ASSERT_EQ(lessons.size(), 2u);
  EXPECT_EQ(lessons[0].number, "04");
  EXPECT_EQ(lessons[0].title, "The recv loop");
  EXPECT_EQ(lessons[0].text_ko, "# 수신 루프\n");
  EXPECT_EQ(lessons[1].slug, "reassembly");
  EXPECT_TRUE(lessons[1].text_en.empty());
  EXPECT_EQ(find_repo_root(root / "lessons" / "04-recv-loop"), fs::weakly_canonical(root));
  EXPECT_EQ(find_repo_root(root / "build" / "lessons"), fs::weakly_canonical(root)) << "not the build tree";
  fs::remove_all(root);
}

// The course as it is on disk: every stage folder NN-name (with a CMakeLists.txt) is in the
// catalog, numbered 01, 02, ... without a gap, each with both texts and driven the way its
// lesson asks. Compared with the folders themselves, so a new stage needs no edit here.
TEST(LessonCatalog, TheRealCourseIsTheStageFoldersOnDiskEachWithItsDrive) {
  fs::path root = find_repo_root(fs::path(__FILE__).parent_path());  // absolute with Ninja
  if (root.empty()) root = find_repo_root(fs::current_path());        // ctest runs in build/
  ASSERT_FALSE(root.empty());
  std::vector<std::string> on_disk;
  for (const auto& e : fs::directory_iterator(root / "lessons")) {
    std::string name = e.path().filename().string();
    if (e.is_directory() && name.size() > 3 && std::isdigit((unsigned char)name[0]) &&
        std::isdigit((unsigned char)name[1]) && name[2] == '-' && fs::exists(e.path() / "CMakeLists.txt"))
      on_disk.push_back(name);
  }
  std::sort(on_disk.begin(), on_disk.end());
  ASSERT_GE(on_disk.size(), 18u) << "the course has at least 01..18";
  auto lessons = list_lessons(root / "lessons");
  ASSERT_EQ(lessons.size(), on_disk.size());
  for (size_t i = 0; i < lessons.size(); ++i) {
    std::string number = (i + 1 < 10 ? "0" : "") + std::to_string(i + 1);
    EXPECT_EQ(lessons[i].number, number);
    EXPECT_EQ(lessons[i].number + "-" + lessons[i].slug, on_disk[i]);
    EXPECT_FALSE(lessons[i].text_en.empty()) << lessons[i].number;
    EXPECT_FALSE(lessons[i].text_ko.empty()) << lessons[i].number;
    LessonDrive d = lesson_drive(lessons[i].number);
    ASSERT_GE(d.args.size(), 2u);
    EXPECT_EQ(d.args[0], "--port");
    EXPECT_EQ(d.args[1], "0") << "a free port: never the stage's fixed one";
    EXPECT_EQ(d.button.empty(), d.probe == LessonProbeKind::None) << lessons[i].number;
  }
  EXPECT_EQ(lessons[2].slug, "accept-thread");
  EXPECT_EQ(lessons[3].slug, "client-array");
  EXPECT_EQ(lessons[4].slug, "first-recv");
  EXPECT_EQ(lessons[5].slug, "pending-io");
  EXPECT_EQ(lessons[9].slug, "slow-reader");
  EXPECT_EQ(lessons[10].slug, "ids");
  EXPECT_EQ(lessons[12].slug, "move-view");
  EXPECT_EQ(lessons[14].slug, "data-races");
  EXPECT_EQ(lessons[17].slug, "view-lists");
}

TEST(LessonCatalog, EachStageHasTheProbeItsLessonAsksFor) {
  EXPECT_EQ(lesson_drive("01").probe, LessonProbeKind::None);
  EXPECT_EQ(lesson_drive("03").probe, LessonProbeKind::None);
  EXPECT_EQ(lesson_drive("04").probe, LessonProbeKind::None);
  EXPECT_EQ(lesson_drive("05").probe, LessonProbeKind::None);
  EXPECT_EQ(lesson_drive("06").probe, LessonProbeKind::None);
  EXPECT_EQ(lesson_drive("07").probe, LessonProbeKind::Echo);
  EXPECT_EQ(lesson_drive("08").probe, LessonProbeKind::Fragments);
  EXPECT_EQ(lesson_drive("09").probe, LessonProbeKind::Broadcast);
  EXPECT_EQ(lesson_drive("10").probe, LessonProbeKind::SlowReader);
  EXPECT_EQ(lesson_drive("11").probe, LessonProbeKind::StaleId);
  for (const char* n : {"12", "13", "14"}) EXPECT_EQ(lesson_drive(n).probe, LessonProbeKind::Grid) << n;
  EXPECT_EQ(lesson_drive("15").probe, LessonProbeKind::RaceReport);  // 15..18: LessonDriveLate
  // Only the slow-reader stage gets a small limit, so the cut comes within seconds.
  std::vector<std::string> slow{"--port", "0", "--send-limit", "65536"};
  EXPECT_EQ(lesson_drive("10").args, slow);
  EXPECT_EQ(lesson_drive("09").args, (std::vector<std::string>{"--port", "0"}));
}
