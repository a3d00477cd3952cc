// SessionTable: ids, generations and the slot-reuse rule.
#include <gtest/gtest.h>

#include <set>

#include "session_table.h"

using iocplab::net::Session;
using iocplab::net::SessionTable;

TEST(SessionTable, IdPacksGenerationAboveTwentySlotBits) {
  EXPECT_EQ(SessionTable::make_id(5, 3), (3u << 20) | 5u);
  EXPECT_EQ(SessionTable::slot_of((7u << 20) | 123u), 123u);
  EXPECT_EQ(SessionTable::generation_of((7u << 20) | 123u), 7u);
}

TEST(SessionTable, FirstIdsAreNeverZeroAndDistinct) {
  SessionTable table(8, 64);
  std::set<uint32_t> ids;
  for (int i = 0; i < 8; ++i) {
    Session* s = table.acquire();
    ASSERT_NE(s, nullptr);
    EXPECT_NE(s->id(), 0u);
    EXPECT_EQ(SessionTable::slot_of(s->id()), s->slot());
    ids.insert(s->id());
  }
  EXPECT_EQ(ids.size(), 8u);
  EXPECT_EQ(table.acquire(), nullptr) << "a full table hands out nothing";
  EXPECT_EQ(table.in_use(), 8u);
}

TEST(SessionTable, ReleasedIdBecomesStaleAndReuseGetsNewGeneration) {
  SessionTable table(1, 64);
  Session* a = table.acquire();
  ASSERT_NE(a, nullptr);
  const uint32_t old_id = a->id();
  EXPECT_EQ(table.find(old_id), a);
  EXPECT_EQ(table.acquire(), nullptr) << "the slot is taken until released";

  table.release(*a);
  EXPECT_EQ(table.find(old_id), nullptr) << "a released occupant's id is stale";
  EXPECT_EQ(table.in_use(), 0u);

  Session* b = table.acquire();
  ASSERT_EQ(b, a) << "same slot object";
  EXPECT_NE(b->id(), old_id);
  EXPECT_EQ(SessionTable::slot_of(b->id()), SessionTable::slot_of(old_id));
  EXPECT_EQ(table.find(old_id), nullptr) << "the old id never reaches the new occupant";
  EXPECT_EQ(table.find(b->id()), b);
}

TEST(SessionTable, GenerationWrapsSkippingZero) {
  SessionTable table(1, 64);
  std::set<uint32_t> generations;
  for (uint32_t i = 0; i < SessionTable::kMaxGeneration + 3; ++i) {
    Session* s = table.acquire();
    ASSERT_NE(s, nullptr);
    ASSERT_NE(s->id(), 0u);
    ASSERT_GE(s->generation(), 1u);
    ASSERT_LE(s->generation(), SessionTable::kMaxGeneration);
    ASSERT_EQ(s->id() & 0x80000000u, 0u) << "bit 31 marks NPCs (docs/PROTOCOL.md)";
    generations.insert(s->generation());
    table.release(*s);
  }
  EXPECT_EQ(generations.size(), SessionTable::kMaxGeneration);
}

TEST(SessionTable, FreedSlotsAreReusedOldestFirst) {
  SessionTable table(3, 64);
  Session* a = table.acquire();
  Session* b = table.acquire();
  Session* c = table.acquire();
  table.release(*b);
  table.release(*a);
  EXPECT_EQ(table.acquire(), b);
  EXPECT_EQ(table.acquire(), a);
  (void)c;
}

TEST(SessionTable, FindRejectsOutOfRangeFreeAndNeverUsed) {
  SessionTable table(4, 64);
  EXPECT_EQ(table.find(SessionTable::make_id(9, 1)), nullptr);
  EXPECT_EQ(table.find(SessionTable::make_id(0, 1)), nullptr) << "slot never used";
  EXPECT_EQ(table.find(0), nullptr);
  Session* s = table.acquire();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(table.find(SessionTable::make_id(s->slot(), s->generation() + 1)), nullptr);
  table.release(*s);
  table.release(*s);  // a second release changes nothing
  EXPECT_EQ(table.in_use(), 0u);
}
