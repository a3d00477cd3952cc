// Stage 07 exercise, solved: chat to the players in view. CS_CHAT(text) becomes
// SC_CHAT(id, text) for the sender and every player in its view, and for no one else;
// empty, too long or not UTF-8 is a violation. The handler is plugged in with
// Server::handle, like server/game's play handlers.
#include <gtest/gtest.h>

#include "game_client.h"
#include "server.h"

namespace {

// The solution. Runs with the world locked (Server::handle's rule), so the view cannot
// change while we send, and the frame is encoded once for every recipient.
bool chat_to_players_in_view(Server& server, int from_id, const std::string& packet) {
  proto::CsChat chat;
  if (proto::decode({reinterpret_cast<const uint8_t*>(packet.data()), packet.size()}, chat) !=
      proto::DecodeError::None)
    return false;  // a violation: the server closes the sender
  std::vector<uint8_t> bytes = proto::to_bytes(proto::ScChat{(uint32_t)from_id, chat.text});
  std::string frame(bytes.begin(), bytes.end());
  server.send_to(from_id, frame);  // the sender sees its own line
  for (int id : server.players_in_view(from_id)) server.send_to(id, frame);
  return true;
}

ServerConfig chat_world(LogWatcher& watcher) {
  ServerConfig config;
  config.workers = 2;
  config.max_clients = 8;
  config.world = 21;  // everyone new starts at (10,10)
  config.view = 2;
  config.log = watcher.sink();
  return config;
}

TEST(Exercise07, ChatReachesTheSenderAndThePlayersInViewOnly) {
  LogWatcher watcher;
  Server server;
  server.handle((unsigned)proto::Type::CsChat, [&server](int from_id, const std::string& packet) {
    return chat_to_players_in_view(server, from_id, packet);
  });
  ASSERT_TRUE(server.start(chat_world(watcher)));
  GameClient near, far, talker;
  ASSERT_TRUE(far.connect(server.port()));
  auto far_ok = far.login("far");
  ASSERT_TRUE(far_ok);
  for (uint32_t seq = 1; seq <= 3; ++seq) {  // far walks to (13,10): out of view
    ASSERT_TRUE(far.move(proto::Dir::Right, seq));
    ASSERT_TRUE(far.expect<proto::ScMovePlayer>());
  }
  ASSERT_TRUE(near.connect(server.port()));
  auto near_ok = near.login("near");
  ASSERT_TRUE(near_ok);
  ASSERT_TRUE(talker.connect(server.port()));
  auto talker_ok = talker.login("talker");
  ASSERT_TRUE(talker_ok);
  ASSERT_TRUE(talker.expect<proto::ScAddPlayer>());  // near
  ASSERT_TRUE(near.expect<proto::ScAddPlayer>());    // talker

  ASSERT_TRUE(talker.send(proto::CsChat{"안녕 hello"}));
  proto::ScChat want{talker_ok->id, "안녕 hello"};
  auto own = talker.expect<proto::ScChat>();
  ASSERT_TRUE(own);
  EXPECT_EQ(*own, want);
  auto heard = near.expect<proto::ScChat>();
  ASSERT_TRUE(heard);
  EXPECT_EQ(*heard, want);
  // far is out of view: its next frame is its own move echo, not the chat.
  ASSERT_TRUE(far.move(proto::Dir::Up, 4));
  auto next = far.expect<proto::ScMovePlayer>();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->seq, 4u);

  // Bad text is a violation: the talker goes, near is told, far hears nothing.
  ASSERT_TRUE(talker.send_raw(make_packet(3, "\xC0\xAF")));  // an overlong '/': not UTF-8
  EXPECT_TRUE(talker.wait_closed());
  auto gone = near.expect<proto::ScRemovePlayer>();
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->id, talker_ok->id);
}

TEST(Exercise07, WithoutTheHandlerChatIsAViolation) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(chat_world(watcher)));
  GameClient a;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(a.login("alice"));
  ASSERT_TRUE(a.send(proto::CsChat{"hello"}));
  EXPECT_TRUE(a.wait_closed());
  EXPECT_TRUE(watcher.wait_for("has no handler"));
}

}  // namespace
