// StepView: the client's picture of the server's step mode, from the SC_STEP_* frames.
#include "model/step_view.h"

#include <gtest/gtest.h>

using namespace iocplab::client;
namespace proto = iocplab::proto;

TEST(StepView, WaitingCompletionsAreAnsweredByTheirDone) {
  StepView v;
  EXPECT_FALSE(v.available());
  ASSERT_TRUE(v.apply(proto::to_bytes(proto::ScStepState{1, 0, 0})));
  EXPECT_TRUE(v.available());
  EXPECT_TRUE(v.paused());
  v.apply(proto::to_bytes(proto::ScStepWaiting{1, 0, 1, 1, 0xFFFFFFFF, 0, 0}));
  v.apply(proto::to_bytes(proto::ScStepWaiting{2, 1, 2, 1, 3, 12, 0x00100003}));
  ASSERT_EQ(v.waiting().size(), 2u);
  v.apply(proto::to_bytes(proto::ScStepDone{1, 0, 0, 0}));
  ASSERT_EQ(v.waiting().size(), 1u);
  EXPECT_EQ(v.waiting().front().seq, 2u);
  ASSERT_NE(v.answered(1), nullptr);
  EXPECT_EQ(v.answered(1)->op, 1);
  EXPECT_EQ(v.done_seen(), 1u);
  // Run: nothing waits any more.
  v.apply(proto::to_bytes(proto::ScStepState{0, 0, 1}));
  EXPECT_FALSE(v.paused());
  EXPECT_TRUE(v.waiting().empty());
  EXPECT_EQ(v.handled(), 1u);
  EXPECT_FALSE(v.apply(proto::to_bytes(proto::ScChat{1, "x"}))) << "not a step frame";
  EXPECT_STREQ(step_op_name(3), "send");
}
