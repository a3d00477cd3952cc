// Accounts and positions across a Game restart; clamping into a smaller world; hashes only
// in the file; a registration survives SIGKILL once SC_LOGIN_OK was sent.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "temp_db.h"

namespace iocplab::game::test {
namespace {

GameConfig file_config(const TempDb& db, uint16_t world) {
  GameConfig c = small_config(world, 3);
  c.db_path = db.path();
  return c;
}

TEST(Persistence, AccountAndPositionSurviveRestart) {
  TempDb db;
  {
    Harness h(file_config(db, 50));
    ASSERT_TRUE(h.login(sid(1), "alice", "secret"));
    h.place(sid(1), 50, 12, 34);
    h.disconnect(sid(1));  // saved on disconnect
  }
  Harness h(file_config(db, 50));
  EXPECT_FALSE(h.login(sid(1), "alice", "wrong"));  // the account exists
  EXPECT_EQ(h.of_type<proto::ScLoginFail>(sid(1)).at(0).reason, 1);
  auto ok = h.login(sid(2), "alice", "secret");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->x, 12);
  EXPECT_EQ(ok->y, 34);
}

TEST(Persistence, ShutdownSavesOnlinePlayers) {
  TempDb db;
  {
    Harness h(file_config(db, 50));
    ASSERT_TRUE(h.login(sid(1), "bob", "pw"));
    h.place(sid(1), 50, 7, 8);
    h.game().shutdown();  // still online: saved here
    // The row is already on disk, read by a second Game while the first one lives.
    Harness other(file_config(db, 50));
    ASSERT_TRUE(other.login(sid(2), "bob", "pw"));
    auto ok = other.of_type<proto::ScLoginOk>(sid(2)).at(0);
    EXPECT_EQ(ok.x, 7);
    EXPECT_EQ(ok.y, 8);
  }
}

TEST(Persistence, ReturnWithinOneRunUsesTheLatestPosition) {
  Harness h(small_config(50, 3));  // ":memory:" also remembers during a run
  ASSERT_TRUE(h.login(sid(1), "carol", "pw"));
  h.place(sid(1), 50, 20, 21);
  h.disconnect(sid(1));
  auto ok = h.login(sid(2), "carol", "pw");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->x, 20);
  EXPECT_EQ(ok->y, 21);
}

TEST(Persistence, SavedPositionIsClampedIntoASmallerWorld) {
  TempDb db;
  {
    Harness h(file_config(db, 100));
    ASSERT_TRUE(h.login(sid(1), "dave", "pw"));
    h.place(sid(1), 100, 90, 5);
    h.disconnect(sid(1));
  }
  Harness h(file_config(db, 20));
  auto ok = h.login(sid(1), "dave", "pw");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->x, 19);
  EXPECT_EQ(ok->y, 5);
  EXPECT_EQ(ok->world_w, 20);
}

TEST(Persistence, PasswordIsNeverStoredInClear) {
  TempDb db;
  const std::string password = "Pw-Zq8!unique";
  {
    Harness h(file_config(db, 50));
    ASSERT_TRUE(h.login(sid(1), "erin", password));
    h.disconnect(sid(1));
    // While running (WAL not yet checkpointed) and after.
    const std::string bytes = db.all_bytes();
    EXPECT_NE(bytes.find("erin"), std::string::npos);  // the file really holds the account
    EXPECT_EQ(bytes.find(password), std::string::npos);
    EXPECT_NE(bytes.find("$argon2id$"), std::string::npos);
  }
  const std::string bytes = db.all_bytes();
  EXPECT_GT(bytes.size(), 0u);
  EXPECT_EQ(bytes.find(password), std::string::npos);
}

TEST(Persistence, RegistrationSurvivesSigkillAfterLoginOk) {
  TempDb db;
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Child: register, wait for SC_LOGIN_OK, then die without any cleanup.
    FakeOutbox out;
    FakeTelemetry tel;
    Game game(file_config(db, 50), out, tel);
    std::string error;
    if (!game.start(&error)) _exit(3);
    game.on_open(sid(1));
    game.on_frame(sid(1), proto::to_bytes(proto::make_login("frank", "pw")));
    const bool ok = out.pump_until([&] { return out.frame_count(sid(1)) > 0; });
    if (!ok || out.frames(sid(1))[0][2] != uint8_t(proto::Type::ScLoginOk)) _exit(4);
    kill(getpid(), SIGKILL);
    _exit(5);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exit code " << WEXITSTATUS(status);
  ASSERT_EQ(WTERMSIG(status), SIGKILL);
  Harness h(file_config(db, 50));
  EXPECT_FALSE(h.login(sid(1), "frank", "other"));
  EXPECT_EQ(h.of_type<proto::ScLoginFail>(sid(1)).at(0).reason, 1);
  EXPECT_TRUE(h.login(sid(2), "frank", "pw"));
}

}  // namespace
}  // namespace iocplab::game::test
