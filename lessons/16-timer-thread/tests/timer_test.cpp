// Stage 16 checks: the timer queue posts due events in order into the port (an earlier one
// added later comes first, stop() drops what is not due); NPCs sleep with no player near,
// are seen and move while one is, fall asleep again when the player goes, and each one
// shown is removed when it walks out of view; a client that never logs in is closed.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <map>
#include <thread>

#include "completion.h"
#include "game_client.h"
#include "server.h"
#include "timer_queue.h"

namespace {

using Clock = std::chrono::steady_clock;

bool is_npc_id(uint32_t id) { return (id & kNpcBit) != 0; }

// Waits (bounded by count and time) until pred() holds; false if it never did.
template <class Pred>
bool eventually(Pred pred, int timeout_ms = 3000) {
  auto end = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (int i = 0; i < 10000 && Clock::now() < end; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return pred();
}

TEST(TimerQueue, PostsDueEventsInOrderWithTheirKeyAndId) {
  HANDLE port = create_completion_port();
  ASSERT_NE(port, nullptr);
  TimerQueue timers;
  timers.start(port);
  timers.add(kNpcMoveKey, 3, 60);
  timers.add(kLoginTimeoutKey, 1, 10);
  timers.add(kNpcMoveKey, 2, 30);
  const std::pair<ULONG_PTR, DWORD> want[] = {{kLoginTimeoutKey, 1}, {kNpcMoveKey, 2}, {kNpcMoveKey, 3}};
  for (const auto& w : want) {
    Completion c = dequeue_completion(port, 2000);
    ASSERT_TRUE(c.ok) << "no event came";
    EXPECT_EQ(c.key, w.first);
    EXPECT_EQ(c.bytes, w.second);  // the ID rides in the byte count
    EXPECT_EQ(c.overlapped, nullptr);
  }
  EXPECT_EQ(timers.posted(), 3u);
  timers.stop();
  CloseHandle(port);
}

TEST(TimerQueue, AnEarlierEventAddedWhileItWaitsComesFirst) {
  HANDLE port = create_completion_port();
  ASSERT_NE(port, nullptr);
  TimerQueue timers;
  timers.start(port);
  timers.add(kNpcMoveKey, 9, 10000);  // the thread now sleeps until this one
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  timers.add(kNpcMoveKey, 8, 10);
  Completion c = dequeue_completion(port, 3000);
  ASSERT_TRUE(c.ok) << "the thread slept through the earlier event";
  EXPECT_EQ(c.bytes, 8u);
  timers.stop();  // the 10 s event is dropped, not waited for
  Completion none = dequeue_completion(port, 50);
  EXPECT_FALSE(none.ok);
  EXPECT_EQ(timers.posted(), 1u);
  CloseHandle(port);
}

TEST(NpcIds, NoPlayerIdEverHasTheNpcBit) {
  for (int generation = 0; generation <= 0x10000; generation += 7)
    for (int index : {0, 1, 255, 65535})
      ASSERT_FALSE(is_npc_id((uint32_t)make_id(index, generation))) << index << "/" << generation;
  EXPECT_TRUE(is_npc_id((uint32_t)make_npc_id(0)));
}

// World 5, view 2: a player in the middle (2,2) sees every tile, so every NPC is near it.
//ko: 월드 5, 시야 2: 가운데(2,2)의 플레이어는 모든 칸을 본다. 모든 NPC가 가까이 있다.
ServerConfig npc_world(LogWatcher& watcher, int world, int view, int npcs) {
  ServerConfig config;
  config.workers = 2;
  config.max_clients = 8;
  config.world = world;
  config.view = view;
  config.npcs = npcs;
  config.npc_move_ms = 10;
  config.log = watcher.sink();
  return config;
}

TEST(Npc, TheySleepWhileNoPlayerIsNear) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(npc_world(watcher, 5, 2, 3)));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // 20 move intervals
  EXPECT_EQ(server.npcs_awake(), 0);
  EXPECT_EQ(server.timer_events(), 0u);
}

TEST(Npc, APlayerSeesThemAndTheyMoveThenSleepWhenItLeaves) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(npc_world(watcher, 5, 2, 3)));
  GameClient a;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(a.login("alice"));
  std::map<uint32_t, std::pair<int, int>> shown;  // NPC id -> where we last saw it
  for (int i = 0; i < 3; ++i) {
    auto add = a.expect<proto::ScAddPlayer>();
    ASSERT_TRUE(add);
    EXPECT_TRUE(is_npc_id(add->id));
    EXPECT_EQ(add->name, "npc" + std::to_string(add->id & ~kNpcBit));
    shown[add->id] = {add->x, add->y};
  }
  // Every NPC moves: one tile at a time (or none, at the edge), seq 0.
  std::map<uint32_t, int> moves;
  for (int frames = 0; frames < 1000 && moves.size() < 3; ++frames) {
    auto m = a.expect<proto::ScMovePlayer>(3000);
    ASSERT_TRUE(m);
    ASSERT_TRUE(shown.count(m->id)) << "a move of an NPC never added";
    auto& [x, y] = shown[m->id];
    EXPECT_LE(std::abs(m->x - x) + std::abs(m->y - y), 1);
    EXPECT_EQ(m->seq, 0u);
    x = m->x;
    y = m->y;
    ++moves[m->id];
  }
  EXPECT_EQ(moves.size(), 3u);
  EXPECT_EQ(server.npcs_awake(), 3);
  ASSERT_TRUE(a.send(proto::CsLogout{}));
  EXPECT_TRUE(a.wait_closed());
  EXPECT_TRUE(eventually([&] { return server.npcs_awake() == 0; })) << server.npcs_awake() << " still awake";
  uint64_t asleep_at = server.timer_events();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // 10 move intervals
  EXPECT_EQ(server.timer_events(), asleep_at) << "a sleeping NPC moved";
}

// World 9, view 1: the player at (4,4) sees 3 x 3 tiles; NPCs walk in and out of it.
TEST(Npc, OneThatWalksOutOfViewIsRemovedAndNoLongerReported) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(npc_world(watcher, 9, 1, 30)));
  GameClient a;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(a.login("alice"));
  std::map<uint32_t, bool> shown;
  int removed = 0;
  auto end = Clock::now() + std::chrono::seconds(5);
  for (int frames = 0; frames < 20000 && removed < 3 && Clock::now() < end; ++frames) {
    std::string f = a.next_frame(3000);
    ASSERT_FALSE(f.empty()) << "no frame came";
    uint8_t type = (uint8_t)f[2];
    uint32_t id;
    std::memcpy(&id, f.data() + 3, sizeof id);
    ASSERT_TRUE(is_npc_id(id));  // alice is the only player
    if (type == SC_ADD_PLAYER) {
      EXPECT_FALSE(shown[id]) << "added twice";
      shown[id] = true;
    } else {
      EXPECT_TRUE(shown[id]) << "type " << (int)type << " for an NPC not shown";
      if (type == SC_REMOVE_PLAYER) {
        shown[id] = false;
        ++removed;
      }
    }
  }
  EXPECT_GE(removed, 3);
}

TEST(LoginTimeout, AClientThatNeverLogsInIsClosed) {
  LogWatcher watcher;
  Server server;
  ServerConfig config = npc_world(watcher, 21, 2, 0);
  config.login_timeout_ms = 200;
  ASSERT_TRUE(server.start(config));
  GameClient quiet;
  ASSERT_TRUE(quiet.connect(server.port()));
  EXPECT_TRUE(quiet.wait_closed(5000));
  EXPECT_EQ(watcher.count("no login within 200 ms"), 1);
  EXPECT_TRUE(server.wait_until_empty(3000));
}

TEST(LoginTimeout, APlayerWhoLoggedInStays) {
  LogWatcher watcher;
  Server server;
  ServerConfig config = npc_world(watcher, 21, 2, 0);
  config.login_timeout_ms = 50;
  ASSERT_TRUE(server.start(config));
  GameClient a;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(a.login("alice"));
  ASSERT_TRUE(eventually([&] { return server.timer_events() >= 1; }));  // its time-out fired
  ASSERT_TRUE(a.move(proto::Dir::Left, 1));
  auto echo = a.expect<proto::ScMovePlayer>();
  ASSERT_TRUE(echo) << "closed although it had logged in";
  EXPECT_EQ(echo->seq, 1u);
  EXPECT_EQ(watcher.count("no login within"), 0);
}

}  // namespace
