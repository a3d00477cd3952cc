// The frame loop's pacing: draw when something is new, skip frames that would show nothing.
#include "model/frame_pacer.h"

#include <gtest/gtest.h>

using iocplab::client::FrameInputs;
using iocplab::client::FramePacer;

TEST(FramePacer, NothingNewIsNotDrawnExceptTheRefresh) {
  FramePacer p;
  EXPECT_TRUE(p.should_draw(10.0, {}));   // the first frame
  EXPECT_FALSE(p.should_draw(10.05, {}));
  EXPECT_FALSE(p.should_draw(10.45, {}));
  EXPECT_TRUE(p.should_draw(10.5, {}));   // the half-second refresh
  EXPECT_DOUBLE_EQ(p.wait(10.5, {}), FramePacer::kPoll);
}

TEST(FramePacer, InputNewDataAndMovementAreDrawn) {
  FramePacer p;
  p.should_draw(0.0, {});
  EXPECT_TRUE(p.should_draw(0.1, {.changed = true}));
  EXPECT_TRUE(p.should_draw(0.15, {.animating = true}));
  EXPECT_DOUBLE_EQ(p.wait(0.15, {.animating = true}), FramePacer::kMoving);
  EXPECT_TRUE(p.should_draw(0.2, {.input = true}));
  EXPECT_TRUE(p.should_draw(0.5, {}));  // still lingering after the input
  EXPECT_DOUBLE_EQ(p.wait(0.5, {}), FramePacer::kInteractive);
  EXPECT_FALSE(p.should_draw(0.75, {}));
}

TEST(FramePacer, WithoutFocusAtMostTenDrawsASecondAndHiddenTwo) {
  FramePacer p;
  EXPECT_TRUE(p.should_draw(1.0, {.changed = true, .focused = false}));
  EXPECT_FALSE(p.should_draw(1.05, {.animating = true, .focused = false}));
  EXPECT_TRUE(p.should_draw(1.1, {.animating = true, .focused = false}));
  EXPECT_DOUBLE_EQ(p.wait(1.1, {.focused = false}), FramePacer::kBackground);
  EXPECT_FALSE(p.should_draw(1.3, {.changed = true, .visible = false}));
  EXPECT_TRUE(p.should_draw(1.6, {.changed = true, .visible = false}));
  EXPECT_DOUBLE_EQ(p.wait(1.6, {.visible = false}), FramePacer::kHidden);
}
