// Stage 18 exercise check (exercise/view_diff.cpp; solved in solution/): the three lists a
// move's notices come from.
#include <gtest/gtest.h>

#include "view_diff.h"

namespace {

using List = std::vector<int>;

TEST(Exercise18, EnteredStayedAndLeft) {
  ViewChange c = diff_views({1, 2, 3}, {5, 3, 2, 4});
  EXPECT_EQ(c.entered, (List{4, 5}));
  EXPECT_EQ(c.stayed, (List{2, 3}));
  EXPECT_EQ(c.left, (List{1}));
}

TEST(Exercise18, EmptyOnEitherSide) {
  ViewChange first = diff_views({}, {7, 6});  // just logged in, or walked into a crowd
  EXPECT_EQ(first.entered, (List{6, 7}));
  EXPECT_TRUE(first.stayed.empty() && first.left.empty());
  ViewChange alone = diff_views({6, 7}, {});  // walked away from everyone
  EXPECT_EQ(alone.left, (List{6, 7}));
  EXPECT_TRUE(alone.entered.empty() && alone.stayed.empty());
}

}  // namespace
