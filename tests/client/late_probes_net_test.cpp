// The late probes (15's race report, 17's store stall, 18's stress figure, run here against
// 16) against the real programs, started as the Lessons window starts them; each skips when
// its program is not built.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "lessons/child_process.h"
#include "model/lesson_catalog.h"

using namespace iocplab::client;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {
fs::path repo_root() {
  fs::path root = find_repo_root(fs::path(__FILE__).parent_path());
  return root.empty() ? find_repo_root(fs::current_path()) : root;
}
// The stage's number as the catalog has it (data races is 15).
std::string number_of(const std::string& slug) {
  for (const LessonInfo& l : list_lessons(repo_root() / "lessons"))
    if (l.slug == slug) return l.number;
  return {};
}
// Until the program exits: at most limit.
bool wait_exit(ChildProcess& c, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (c.running() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  return !c.running();
}
}  // namespace

TEST(LateProbes, TheRaceProbeShowsTheRacyVariantsCatch) {
  std::string number = number_of("data-races");
  ASSERT_FALSE(number.empty());
  LessonCommand c = race_command(repo_root(), IOCPLAB_BIN_DIR, number);
  if (c.program.empty()) GTEST_SKIP() << "no racy variant of stage " << number << " is built";
  ChildProcess child;
  ASSERT_TRUE(child.start(c.program.string(), c.args)) << child.error();
  ASSERT_TRUE(wait_exit(child, 90s)) << child.output();
  auto lines = race_report_lines(child.output());
  ASSERT_FALSE(lines.empty()) << child.output();
  std::string all;
  for (const std::string& l : lines) all += l + "\n";
  std::printf("%s", all.c_str());
  // TSan's report is certain; the bench's lost updates are likely but not certain (two
  // threads may happen to run one after the other), so there its rows are what is checked.
  if (c.program.filename().string().find("_bug_tests") != std::string::npos) {
    EXPECT_NE(all.find("WARNING: ThreadSanitizer: data race"), std::string::npos) << all;
  } else {
    EXPECT_NE(all.find("none"), std::string::npos) << all;
    EXPECT_NE(all.find("mutex"), std::string::npos) << all;
    EXPECT_NE(all.find("atomic"), std::string::npos) << all;
  }
}

// The stress run against a stage that takes logins and moves (the timer stage, 16).
TEST(LateProbes, TheStressProbeEndsWithItsHeldLine) {
  fs::path stress = fs::path(IOCPLAB_BIN_DIR) / "iocplab-stress";
  std::string number = number_of("timer-thread");
  fs::path stage = fs::path(IOCPLAB_BIN_DIR) / ("lesson" + number);
  if (number.empty() || access(stress.c_str(), X_OK) != 0 || access(stage.c_str(), X_OK) != 0)
    GTEST_SKIP() << "iocplab-stress or the timer stage is not built";
  ChildProcess server;
  ASSERT_TRUE(server.start(stage.string(), {"--port", "0"})) << server.error();
  int port = server.wait_port(10s);
  ASSERT_GT(port, 0) << server.output();
  LessonCommand c = stress_command(IOCPLAB_BIN_DIR, uint16_t(port));
  ChildProcess run;
  ASSERT_TRUE(run.start(c.program.string(), c.args)) << run.error();
  ASSERT_TRUE(wait_exit(run, 30s)) << run.output();  // --duration 10 bounds it
  std::string held = stress_summary(run.output());
  std::printf("%s\n", held.c_str());
  EXPECT_EQ(held.rfind("held ", 0), 0u) << run.output();
  EXPECT_NE(held.find(" bots, avg "), std::string::npos) << held;
  server.stop();
}

#if defined(IOCPLAB_CLIENT_SQLITE)
#include "lessons/store_stall_probe.h"

// Stage 17: A's moves come back while the store is locked; B's login waits, then completes.
TEST(LateProbes, StoreStallMovesFlowWhileTheStoreIsLocked) {
  std::string number = number_of("database-thread");
  fs::path stage = fs::path(IOCPLAB_BIN_DIR) / ("lesson" + number);
  if (number.empty() || access(stage.c_str(), X_OK) != 0) GTEST_SKIP() << "the database stage is not built";
  // The stage's file is --db, or lesson17.db in its working directory while it has no --db
  // flag: it runs in a directory of its own where both name the same file.
  fs::path dir = fs::temp_directory_path() / ("iocplab-stall-" + std::to_string(getpid()));
  fs::create_directories(dir);
  fs::path db = dir / ("lesson" + number + ".db");
  fs::path cwd = fs::current_path();
  fs::current_path(dir);
  LessonDrive drive = lesson_drive(number);
  std::vector<std::string> args = drive.args;
  args.insert(args.end(), {"--db", db.string()});
  ChildProcess server;
  ASSERT_TRUE(server.start(stage.string(), args)) << server.error();
  fs::current_path(cwd);
  int port = server.wait_port(10s);
  ASSERT_GT(port, 0) << server.output();
  StoreStallResult r = run_store_stall(uint16_t(port), db.string(), 1200);
  for (const std::string& l : r.timeline) std::printf("%s\n", l.c_str());
  EXPECT_GE(r.moves_during_stall, 3) << server.output();
  EXPECT_TRUE(r.b_waited);
  EXPECT_TRUE(r.b_logged_in) << server.output();
  server.stop();
  fs::remove_all(dir);
}
#endif
