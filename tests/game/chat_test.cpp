// Chat: to the sender and everyone in its view, no one else; UTF-8 passes through.
#include "harness.h"

namespace iocplab::game::test {
namespace {

TEST(Chat, ReachesSenderAndViewOnly) {
  Harness h(small_config(30, 3));
  ASSERT_TRUE(h.login(sid(1), "a", "pw"));
  ASSERT_TRUE(h.login(sid(2), "b", "pw"));
  ASSERT_TRUE(h.login(sid(3), "c", "pw"));
  h.place(sid(1), 30, 10, 10);
  h.place(sid(2), 30, 13, 7);   // corner of a's view
  h.place(sid(3), 30, 14, 10);  // just outside
  h.out.clear_frames();
  h.send(sid(1), proto::CsChat{"안녕 hello"});
  for (auto id : {sid(1), sid(2)}) {
    auto c = h.of_type<proto::ScChat>(id);
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].id, sid(1));
    EXPECT_EQ(c[0].text, "안녕 hello");
  }
  EXPECT_EQ(h.out.frame_count(sid(3)), 0u);
}

TEST(Chat, LongestTextIsAllowed) {
  Harness h(small_config(30, 3));
  ASSERT_TRUE(h.login(sid(1), "a", "pw"));
  h.out.clear_frames();
  const std::string text(200, 'z');
  h.send(sid(1), proto::CsChat{text});
  auto c = h.of_type<proto::ScChat>(sid(1));
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].text, text);
  EXPECT_FALSE(h.out.closed(sid(1)));
}

}  // namespace
}  // namespace iocplab::game::test
