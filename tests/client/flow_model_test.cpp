// FlowModel: SC_TELEMETRY_FLOW records grouped into journeys, and the playback clock.
#include "model/flow_model.h"

#include <gtest/gtest.h>

using namespace iocplab::client;
namespace proto = iocplab::proto;

static proto::FlowRecord rec(uint32_t t, uint8_t kind, uint8_t worker, uint16_t a, uint16_t b = 0, uint32_t c = 0) {
  return {t, kind, worker, a, b, c};
}

TEST(FlowModel, ARecvAndWhatFollowedItBecomeOneJourney) {
  FlowModel m;
  proto::ScTelemetryFlow f{0x00100000, 0,
                           {rec(10, 1, 1, 24, 0), rec(11, 3, 1, 2, 12, 30), rec(12, 4, 1, 5, 5), rec(13, 3, 1, 2, 12, 20),
                            rec(14, 2, 1, 2, 0), rec(15, 5, 0, 2, 1, 38), rec(20, 6, 0, 1, 0, 38),
                            rec(30, 1, 0, 5, 0), rec(31, 2, 0, 0, 5)}};
  m.add(f);
  ASSERT_EQ(m.journeys().size(), 2u);
  const FlowJourney& j = m.journeys()[0];
  EXPECT_EQ(j.worker, 1);
  EXPECT_EQ(j.bytes, 24);
  EXPECT_EQ(j.handled.size(), 2u);
  EXPECT_EQ(j.recipients, 5);
  EXPECT_EQ(j.frames_cut, 2);
  EXPECT_EQ(j.cut_kind(), "coalesced");
  ASSERT_EQ(j.sends.size(), 1u);
  EXPECT_EQ(j.sends[0].frames, 2);
  EXPECT_EQ(j.send_done, 1);
  EXPECT_EQ(m.journeys()[1].cut_kind(), "partial") << "5 bytes of a 12-byte frame";
  EXPECT_EQ(m.records(), 9u);
}

TEST(FlowModel, PlaybackShowsEachJourneyStageByStageAndPauses) {
  FlowModel m;
  m.add({1, 0, {rec(1, 1, 0, 12), rec(2, 2, 0, 1, 0), rec(5, 1, 0, 12), rec(6, 2, 0, 1, 0)}});
  FlowStage st;
  float frac;
  m.advance(0.0);
  const FlowJourney* j = m.current(&st, &frac);
  ASSERT_NE(j, nullptr);
  EXPECT_EQ(j->number, 1u);
  EXPECT_EQ(st, FlowStage::ClientSent);
  m.advance(FlowModel::kStageSeconds * 2.5);
  j = m.current(&st, &frac);
  EXPECT_EQ(st, FlowStage::Cut);
  EXPECT_NEAR(frac, 0.5f, 1e-3);
  m.paused = true;
  m.advance(10.0);
  EXPECT_EQ(m.current(&st, nullptr)->number, 1u) << "paused: no progress";
  m.paused = false;
  m.speed = 2.0f;
  m.advance(FlowModel::kStageSeconds * 7 / 2);  // the rest of the first journey at twice the speed
  EXPECT_EQ(m.current(&st, nullptr)->number, 2u);
  EXPECT_EQ(m.backlog(), 0u);
  m.skip_to_latest();
  EXPECT_EQ(m.current(&st, nullptr)->number, 2u);
  // A new followed session starts afresh.
  m.add({2, 0, {rec(9, 1, 0, 3)}});
  EXPECT_EQ(m.journeys().size(), 1u);
  EXPECT_EQ(m.session(), 2u);
}
