// The client's wire layer over iocplab::proto: what it builds, what it decodes.
#include <gtest/gtest.h>

#include <set>

#include "net/wire.h"

using namespace iocplab::client;

TEST(ClientWire, BuildsClientFramesWithExactSizes) {
  EXPECT_EQ(make_login("kim", "pw").size(), 43u);
  EXPECT_EQ(make_move(3, 7, 1000).size(), 12u);
  EXPECT_EQ(make_logout().size(), 3u);
  EXPECT_EQ(make_observe(true).size(), 4u);
  Frame m = make_move(2, 0x01020304, 99);
  EXPECT_EQ(m[0], 12);
  EXPECT_EQ(m[2], CS_MOVE);
  EXPECT_EQ(m[3], 2);
  EXPECT_EQ(m[4], 0x04);  // little-endian seq
}

TEST(ClientWire, ChatIsCutOnAUtf8Boundary) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "가";  // 3 bytes each: 300 bytes
  Frame f = make_chat(text);
  size_t payload = f.size() - 3;
  EXPECT_LE(payload, 200u);
  EXPECT_EQ(payload % 3, 0u);  // no half character
}

TEST(ClientWire, DecodesServerFramesAndRejectsWrongTypes) {
  Frame ok = iocplab::proto::to_bytes(iocplab::proto::ScLoginOk{5, 10, 20, 100, 100, 7});
  auto v = parse_login_ok(ok);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->id, 5u);
  EXPECT_EQ(v->y, 20);
  EXPECT_FALSE(parse_move_player(ok));
  EXPECT_FALSE(parse_login_ok(FrameView(ok.data(), 5)));
  Frame add = iocplab::proto::to_bytes(iocplab::proto::ScAddPlayer{9, 1, 2, "김철수"});
  auto a = parse_add_player(add);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->name, "김철수");
}

TEST(ClientWire, DescribesFramesForThePacketTable) {
  Frame mv = iocplab::proto::to_bytes(iocplab::proto::ScMovePlayer{7, 12, 40, 3, 500});
  EXPECT_EQ(describe(mv), "id=7 x=12 y=40 seq=3 time=500");
  EXPECT_EQ(describe(make_move(0, 1, 2)), "dir=up seq=1 time=2");
  EXPECT_NE(describe(make_login("kim", "secret")).find("password=***"), std::string::npos);
  EXPECT_EQ(describe(make_login("kim", "secret")).find("secret"), std::string::npos);
  EXPECT_STREQ(type_name(SC_TELEMETRY_RECV), "SC_TELEMETRY_RECV");
  EXPECT_STREQ(type_name(99), "UNKNOWN");
}

TEST(ClientWire, EveryLoginFailReasonHasItsOwnMessage) {
  std::set<std::string> texts;
  for (uint8_t r = 1; r <= 6; ++r) texts.insert(login_fail_text(r));
  EXPECT_EQ(texts.size(), 6u);
  EXPECT_NE(std::string(login_fail_text(1)).find("password"), std::string::npos);
  EXPECT_NE(std::string(login_fail_text(3)).find("full"), std::string::npos);
}
