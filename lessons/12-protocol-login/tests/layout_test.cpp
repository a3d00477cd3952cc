// Stage 12 checks its structs byte for byte against server/protocol, the project's own
// encoder of docs/PROTOCOL.md: the same values must make the same bytes.
#include <gtest/gtest.h>

#include <vector>

#include "protocol.h"
#include "protocol/protocol.h"

namespace {

template <class Wire>
std::string wire(const Wire& p) {
  std::vector<uint8_t> b = iocplab::proto::to_bytes(p);
  return std::string(b.begin(), b.end());
}

TEST(Layout, ScLoginOkIsTheDocumentedBytes) {
  ScLoginOk ok = make<ScLoginOk>(SC_LOGIN_OK);
  ok.id = 0x00010002;
  ok.x = 258;
  ok.y = 3;
  ok.world_w = ok.world_h = 400;
  ok.view = 7;
  EXPECT_EQ(bytes_of(ok), wire(iocplab::proto::ScLoginOk{0x00010002, 258, 3, 400, 400, 7}));
  EXPECT_EQ(bytes_of(ok).substr(0, 5), std::string("\x11\x00\x0b\x02\x00", 5)) << "size 17, type 11, id low byte first";
}

TEST(Layout, ScLoginFailAndScAddPlayerAreTheDocumentedBytes) {
  ScLoginFail fail = make<ScLoginFail>(SC_LOGIN_FAIL);
  fail.reason = kAlreadyLoggedIn;
  EXPECT_EQ(bytes_of(fail), wire(iocplab::proto::ScLoginFail{2}));
  ScAddPlayer add = make<ScAddPlayer>(SC_ADD_PLAYER);
  add.id = 65536;
  add.x = 10;
  add.y = 399;
  std::memcpy(add.name, "alice", 5);
  EXPECT_EQ(bytes_of(add), wire(iocplab::proto::ScAddPlayer{65536, 10, 399, "alice"}));
}

TEST(Layout, CsLoginReadsWhatAClientSends) {
  std::string bytes = wire(iocplab::proto::make_login("alice", "secret"));
  ASSERT_EQ(bytes.size(), sizeof(CsLogin));
  CsLogin login;
  std::memcpy(&login, bytes.data(), sizeof login);
  EXPECT_EQ(login.h.size, 43);
  EXPECT_EQ(login.h.type, CS_LOGIN);
  std::string name, password;
  ASSERT_TRUE(read_field(login.name, &name));
  ASSERT_TRUE(read_field(login.password, &password));
  EXPECT_EQ(name, "alice");
  EXPECT_EQ(password, "secret");
}

TEST(Layout, AFieldIsTextThenOnlyNul) {
  char full[20];
  std::memset(full, 'a', sizeof full);  // no NUL at all: all 20 bytes are the text
  std::string out;
  EXPECT_TRUE(read_field(full, &out));
  EXPECT_EQ(out.size(), 20u);
  char tail[20] = "bob";
  tail[12] = 'x';
  EXPECT_FALSE(read_field(tail, &out)) << "a byte after the first NUL";
  char empty[20] = {};
  EXPECT_FALSE(read_field(empty, &out));
  char control[20] = "a\tb";
  EXPECT_FALSE(read_field(control, &out));
}

}  // namespace
