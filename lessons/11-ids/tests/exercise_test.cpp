// Stage 11 exercise check (exercise/next_generation.cpp; solved in solution/): an ID must
// never repeat too soon, and never be 0. The
// generation has 15 bits, so after 32,768 occupants a slot's IDs come round again; and
// generation 0 would give slot 0 the ID 0, which protocols often mean as "nobody". The
// generation steps through 1..32767, skipping 0 when it wraps.
#include <gtest/gtest.h>

#include <set>

#include "next_generation.h"
#include "server.h"

namespace {

TEST(Exercise11, IdsOfOneSlotNeverAreZeroAndRepeatOnlyAfterAFullRound) {
  int generation = 0;
  std::set<int> seen;
  for (int i = 0; i < 0x7FFF; ++i) {
    generation = next_generation(generation);
    int id = make_id(0, generation);
    ASSERT_NE(id, 0) << "occupant " << i;
    ASSERT_TRUE(seen.insert(id).second) << "ID repeated after only " << i << " occupants";
    ASSERT_EQ(index_of(id), 0);
  }
  EXPECT_EQ(make_id(0, next_generation(generation)), make_id(0, 1)) << "then the round starts again";
}

TEST(Exercise11, TheIndexSurvivesEveryGeneration) {
  for (int index : {0, 1, 999, 65535})
    for (int generation : {1, 2, 0x7FFE, 0x7FFF})
      EXPECT_EQ(index_of(make_id(index, next_generation(generation))), index);
}

}  // namespace
