// PacketLog: the ring behind the Packets panel.
#include <gtest/gtest.h>

#include <algorithm>

#include "model/packet_log.h"

using namespace iocplab::client;

TEST(PacketLog, KeepsTheNewestFramesAndCountsEverything) {
  PacketLog log(3);
  for (int i = 0; i < 5; ++i) log.add(0.1 * i, Direction::Sent, make_move(0, i, 0));
  log.add(0.6, Direction::Received, make_logout());
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log.at(0).number, 4u);  // 1..3 evicted
  EXPECT_EQ(log.at(2).number, 6u);
  EXPECT_EQ(log.evicted(), 3u);
  EXPECT_EQ(log.frames(Direction::Sent), 5u);
  EXPECT_EQ(log.bytes(Direction::Sent), 60u);
  EXPECT_EQ(log.frames(Direction::Received), 1u);
  EXPECT_EQ(log.frames_of_type(Direction::Sent, CS_MOVE), 5u);
  EXPECT_EQ(log.find(5)->number, 5u);
  EXPECT_EQ(log.find(2), nullptr);
  EXPECT_EQ(log.at(2).type, CS_LOGOUT);
}

TEST(PacketLog, FiltersByDirectionAndType) {
  PacketLog log;
  log.add(0, Direction::Sent, make_move(0, 1, 0));
  log.add(0, Direction::Received, make_observe(true));
  PacketFilter f;
  f.show_sent = false;
  EXPECT_FALSE(f.matches(log.at(0)));
  EXPECT_TRUE(f.matches(log.at(1)));
  f.show_sent = true;
  f.only_type = CS_MOVE;
  EXPECT_TRUE(f.matches(log.at(0)));
  EXPECT_FALSE(f.matches(log.at(1)));
}

TEST(PacketLog, RatesPerSecondWithSilentSecondsAsZero) {
  PacketLog log;
  log.add(0.2, Direction::Sent, make_logout());
  log.add(0.9, Direction::Sent, make_logout());
  log.add(3.5, Direction::Received, make_move(0, 0, 0));
  const auto& s = log.seconds();
  ASSERT_EQ(s.size(), 4u);  // seconds 0, 1, 2, 3
  EXPECT_EQ(s[0].frames, 2u);
  EXPECT_EQ(s[0].bytes, 6u);
  EXPECT_EQ(s[1].frames, 0u);
  EXPECT_EQ(s[3].frames, 1u);
  EXPECT_EQ(s[3].bytes, 12u);
}

TEST(PacketLog, HexDumpShowsOffsetsBytesAndAscii) {
  Frame f = make_chat("ABCDEFGHIJKLMNOPQ");  // 20 bytes: two lines
  std::string dump = hex_dump(f);
  EXPECT_EQ(dump.substr(0, 14), "0000  14 00 03");
  EXPECT_NE(dump.find("0010  "), std::string::npos);
  EXPECT_NE(dump.find("ABCDEFGHIJKLM"), std::string::npos);
  EXPECT_EQ(std::count(dump.begin(), dump.end(), '\n'), 2);
}
