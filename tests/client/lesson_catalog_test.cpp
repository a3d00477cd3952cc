// LessonCatalog: the lesson browser's list, from a directory tree.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

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
