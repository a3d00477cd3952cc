// Stage 18 checks: the sector grid on its own (a move across a border leaves the old
// sector; around() looks only around the square), then the server: one notice per move
// across sector borders, and the same notices with sectors as with the full scan.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "game_client.h"
#include "sector_grid.h"
#include "server.h"

namespace {

std::vector<int> ids_around(const SectorGrid& grid, int x, int y, int r) {
  std::vector<int> ids;
  grid.around(x, y, r, ids);
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST(SectorGrid, AMoveAcrossABorderLeavesTheOldSector) {
  SectorGrid grid;
  grid.reset(64, 16);  // 4 x 4 sectors of 16 tiles
  grid.add(1, 15, 5);
  grid.move(1, 15, 5, 16, 5);  // from sector (0,0) into (1,0)
  EXPECT_EQ(ids_around(grid, 2, 5, 0), (std::vector<int>{}));    // sector (0,0) alone: empty
  EXPECT_EQ(ids_around(grid, 16, 5, 0), (std::vector<int>{1}));  // found once, in (1,0)
  EXPECT_EQ(ids_around(grid, 15, 5, 1), (std::vector<int>{1}));  // both sectors searched: still once
  grid.move(1, 16, 5, 17, 5);  // inside one sector: nothing changes
  grid.remove(1, 17, 5);
  EXPECT_EQ(ids_around(grid, 16, 5, 16), (std::vector<int>{}));
}

TEST(SectorGrid, NearLooksOnlyAtTheSectorsAroundTheSquare) {
  SectorGrid grid;
  grid.reset(64, 16);
  grid.add(1, 20, 20);  // sector (1,1)
  grid.add(2, 40, 20);  // sector (2,1)
  grid.add(3, 63, 63);  // the last sector, at the world's edge
  grid.add(4, 0, 0);    // the first
  EXPECT_EQ(ids_around(grid, 20, 20, 3), (std::vector<int>{1}));
  EXPECT_EQ(ids_around(grid, 30, 20, 3), (std::vector<int>{1, 2}));  // 27..33 spans two sectors
  EXPECT_EQ(ids_around(grid, 63, 63, 7), (std::vector<int>{3}));     // clipped at the edge
  EXPECT_EQ(ids_around(grid, 0, 0, 7), (std::vector<int>{4}));
}

// world 21, view 2, sectors of 4 tiles: x 8..11 and 12..15 are two sectors.
ServerConfig sectors_of_four(LogWatcher& watcher, int sector_size = 4) {
  ServerConfig config;
  config.workers = 2;
  config.max_clients = 16;
  config.world = 21;
  config.view = 2;
  config.sector_size = sector_size;
  config.db = ":memory:";  // never a file the two engines' runs would share
  config.hash_memory_kib = 8;  // the load-test cost of docs/PROTOCOL.md
  config.hash_passes = 1;
  config.log = watcher.sink();
  return config;
}

TEST(View, OneNoticePerMoveAcrossASectorBorder) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(sectors_of_four(watcher)));
  GameClient a, b;
  ASSERT_TRUE(a.connect(server.port()));
  auto a_ok = a.login("alice");
  ASSERT_TRUE(a_ok);
  ASSERT_TRUE(b.connect(server.port()));
  auto b_ok = b.login("bob");
  ASSERT_TRUE(b_ok);
  ASSERT_TRUE(a.expect<proto::ScAddPlayer>());  // both at (10,10)
  ASSERT_TRUE(b.expect<proto::ScAddPlayer>());
  // Bob: 10 -> 11 -> 12 (a sector border) -> 11 (back). Alice moves after each of his steps.
  proto::Dir bob_steps[] = {proto::Dir::Right, proto::Dir::Right, proto::Dir::Left};
  for (uint32_t seq = 1; seq <= 3; ++seq) {
    ASSERT_TRUE(b.move(bob_steps[seq - 1], seq));
    ASSERT_TRUE(b.expect<proto::ScMovePlayer>());  // his echo
    auto seen = a.expect<proto::ScMovePlayer>();
    ASSERT_TRUE(seen);
    EXPECT_EQ(seen->id, b_ok->id);
    // Alice steps down and up: bob, still in view, must see each step exactly once.
    ASSERT_TRUE(a.move(seq % 2 ? proto::Dir::Down : proto::Dir::Up, 100 + seq));
    ASSERT_TRUE(a.expect<proto::ScMovePlayer>());
    auto alice = b.expect<proto::ScMovePlayer>();
    ASSERT_TRUE(alice);
    EXPECT_EQ(alice->seq, 100 + seq);
    std::string extra = b.next_frame(300);  // nothing more: a second copy would be a bug
    EXPECT_TRUE(extra.empty()) << "bob got a second frame after step " << seq << ": type "
                               << (extra.empty() ? 0 : (int)(uint8_t)extra[2]);
    EXPECT_TRUE(a.next_frame(50).empty());
  }
}

uint32_t seq_of(const std::string& frame) {  // an SC_MOVE_PLAYER's seq (offset 11, u32 LE)
  uint32_t seq = 0;
  for (int i = 3; i >= 0; --i) seq = seq << 8 | (uint8_t)frame[11 + i];
  return seq;
}

// Three players walk in and out of each other's view across sector borders. Returns every
// frame each one got, sorted: within one move the grid and the scan may find the others in
// another order, so only the order across clients may differ, not what each one gets.
std::vector<std::vector<std::string>> walk(int sector_size) {
  LogWatcher watcher;
  Server server;
  EXPECT_TRUE(server.start(sectors_of_four(watcher, sector_size)));
  GameClient players[3];
  std::vector<std::vector<std::string>> got(3);
  const char* names[] = {"ann", "ben", "cat"};
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(players[i].connect(server.port()));
    EXPECT_TRUE(players[i].login(names[i]));
  }
  struct Step { int who; proto::Dir dir; int count; };
  const Step steps[] = {{1, proto::Dir::Right, 6}, {2, proto::Dir::Up, 4}, {1, proto::Dir::Down, 3},
                        {0, proto::Dir::Left, 5}, {1, proto::Dir::Left, 8}, {2, proto::Dir::Down, 7}};
  uint32_t seq = 0;
  for (const Step& s : steps)
    for (int k = 0; k < s.count; ++k) {
      EXPECT_TRUE(players[s.who].move(s.dir, ++seq));
      for (int i = 0; i < 100; ++i) {  // up to the mover's echo (no one else moves with seq)
        std::string f = players[s.who].next_frame();
        if (f.empty()) return got;  // a failure: the test's EXPECT_EQ tells
        got[s.who].push_back(f);
        if ((uint8_t)f[2] == (uint8_t)proto::Type::ScMovePlayer && seq_of(f) == seq) break;
      }
    }
  for (int p = 0; p < 3; ++p) {
    for (int i = 0; i < 1000; ++i) {  // the rest, until the server has been quiet 200 ms
      std::string f = players[p].next_frame(200);
      if (f.empty()) break;
      got[p].push_back(f);
    }
    std::sort(got[p].begin(), got[p].end());
  }
  return got;
}

TEST(View, SectorsSendWhatTheFullScanSends) {
  EXPECT_EQ(walk(4), walk(0));
  EXPECT_EQ(walk(1), walk(0));  // one tile a sector: a border at every step
}

}  // namespace
