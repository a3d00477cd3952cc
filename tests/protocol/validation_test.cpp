// PROTOCOL.md "Names" rules: UTF-8 per RFC 3629, name and password fields, chat text.
#include <gtest/gtest.h>

#include <string>

#include "protocol/protocol.h"
#include "test_bytes.h"

namespace iocplab::proto {
namespace {

using test::field;

std::string s(std::initializer_list<int> list) {
  std::string out;
  for (int b : list) out.push_back(static_cast<char>(b));
  return out;
}

TEST(Utf8, AcceptsWellFormed) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("plain ascii"));
  EXPECT_TRUE(valid_utf8("김철수"));
  EXPECT_TRUE(valid_utf8(s({0xC2, 0x80})));              // U+0080, smallest 2-byte
  EXPECT_TRUE(valid_utf8(s({0xDF, 0xBF})));              // U+07FF
  EXPECT_TRUE(valid_utf8(s({0xE0, 0xA0, 0x80})));        // U+0800, smallest 3-byte
  EXPECT_TRUE(valid_utf8(s({0xED, 0x9F, 0xBF})));        // U+D7FF, just below surrogates
  EXPECT_TRUE(valid_utf8(s({0xEE, 0x80, 0x80})));        // U+E000, just above
  EXPECT_TRUE(valid_utf8(s({0xEF, 0xBF, 0xBF})));        // U+FFFF
  EXPECT_TRUE(valid_utf8(s({0xF0, 0x90, 0x80, 0x80})));  // U+10000
  EXPECT_TRUE(valid_utf8(s({0xF0, 0x9F, 0x98, 0x80})));  // emoji
  EXPECT_TRUE(valid_utf8(s({0xF4, 0x8F, 0xBF, 0xBF})));  // U+10FFFF, the largest
}

TEST(Utf8, RejectsOverlongForms) {
  EXPECT_FALSE(valid_utf8(s({0xC0, 0x80})));  // NUL in two bytes
  EXPECT_FALSE(valid_utf8(s({0xC0, 0xAF})));  // '/'
  EXPECT_FALSE(valid_utf8(s({0xC1, 0xBF})));
  EXPECT_FALSE(valid_utf8(s({0xE0, 0x80, 0x80})));
  EXPECT_FALSE(valid_utf8(s({0xE0, 0x9F, 0xBF})));
  EXPECT_FALSE(valid_utf8(s({0xF0, 0x80, 0x80, 0x80})));
  EXPECT_FALSE(valid_utf8(s({0xF0, 0x8F, 0xBF, 0xBF})));
}

TEST(Utf8, RejectsSurrogatesAndBeyondMax) {
  EXPECT_FALSE(valid_utf8(s({0xED, 0xA0, 0x80})));  // U+D800
  EXPECT_FALSE(valid_utf8(s({0xED, 0xBF, 0xBF})));  // U+DFFF
  EXPECT_FALSE(valid_utf8(s({0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80})));  // CESU-8 pair
  EXPECT_FALSE(valid_utf8(s({0xF4, 0x90, 0x80, 0x80})));  // U+110000
  for (int lead = 0xF5; lead <= 0xFF; ++lead)
    EXPECT_FALSE(valid_utf8(s({lead, 0x80, 0x80, 0x80}))) << lead;
}

TEST(Utf8, RejectsBrokenSequences) {
  EXPECT_FALSE(valid_utf8(s({0x80})));              // stray continuation
  EXPECT_FALSE(valid_utf8(s({'a', 0xBF, 'b'})));
  EXPECT_FALSE(valid_utf8(s({0xE2, 0x82})));        // truncated
  EXPECT_FALSE(valid_utf8(s({0xF0, 0x9F, 0x98})));  // truncated
  EXPECT_FALSE(valid_utf8(s({0xE2, 0x28, 0xA1})));  // bad continuation
  EXPECT_FALSE(valid_utf8(s({0xC3, 'a'})));
  EXPECT_FALSE(valid_utf8(s({0xF0, 0x9F, 0x98, 'x'})));
}

TEST(NameField, AcceptsNamesAndStripsPadding) {
  std::string name;
  EXPECT_TRUE(valid_name_field(field("kim"), &name));
  EXPECT_EQ(name, "kim");
  EXPECT_TRUE(valid_name_field(field("김철수"), &name));
  EXPECT_EQ(name, "김철수");
  EXPECT_TRUE(valid_name_field(field("가나다라마바"), &name));  // 18 bytes
  EXPECT_EQ(name.size(), 18u);
  EXPECT_TRUE(valid_name_field(field("12345678901234567890"), &name));  // 20 bytes, no NUL
  EXPECT_EQ(name, "12345678901234567890");
  EXPECT_TRUE(valid_name_field(field("x"), nullptr));
  EXPECT_TRUE(valid_name_field(field(s({0xC2, 0xA0})), nullptr));  // U+00A0 is not a control
  EXPECT_TRUE(valid_name_field(field("with space"), nullptr));
}

TEST(NameField, NulPaddingRule) {
  EXPECT_FALSE(valid_name_field(field(""), nullptr));  // all NUL: empty
  EXPECT_FALSE(valid_name_field(field(std::string("ab\0c", 4)), nullptr));
  std::array<char, 20> f = field("ab");
  f[19] = 'x';  // junk in the last byte
  EXPECT_FALSE(valid_name_field(f, nullptr));
  f = field("");
  f[5] = 'x';  // empty name, junk later
  EXPECT_FALSE(valid_name_field(f, nullptr));
}

TEST(NameField, RejectsControlCharacters) {
  for (int c : {0x01, 0x09, 0x0A, 0x1B, 0x1F, 0x7F})
    EXPECT_FALSE(valid_name_field(field(s({'a', c, 'b'})), nullptr)) << c;
  EXPECT_FALSE(valid_name_field(field(s({0xC2, 0x80})), nullptr));  // U+0080
  EXPECT_FALSE(valid_name_field(field(s({0xC2, 0x85})), nullptr));  // U+0085 NEL
  EXPECT_FALSE(valid_name_field(field(s({'a', 0xC2, 0x9F})), nullptr));  // U+009F
}

TEST(NameField, RejectsBadUtf8) {
  EXPECT_FALSE(valid_name_field(field(s({0xC0, 0xAF})), nullptr));        // overlong
  EXPECT_FALSE(valid_name_field(field(s({0xE0, 0x80, 0xAF})), nullptr));  // overlong
  EXPECT_FALSE(valid_name_field(field(s({0xED, 0xA0, 0x80})), nullptr));  // surrogate
  EXPECT_FALSE(valid_name_field(field(s({0xFF})), nullptr));
  // 20 bytes that cut a Korean syllable in half: 6 syllables (18 bytes) + 2 of the 7th.
  std::string cut = std::string("가나다라마바사").substr(0, 20);
  EXPECT_FALSE(valid_name_field(field(cut), nullptr));
}

TEST(NameField, OutputUntouchedOnFailure) {
  std::string name = "before";
  EXPECT_FALSE(valid_name_field(field(""), &name));
  EXPECT_EQ(name, "before");
}

TEST(PasswordField, Rules) {
  std::string pw;
  EXPECT_TRUE(valid_password_field(field("secret"), &pw));
  EXPECT_EQ(pw, "secret");
  EXPECT_TRUE(valid_password_field(field("12345678901234567890"), &pw));
  EXPECT_EQ(pw.size(), 20u);
  // any non-NUL bytes: not text
  EXPECT_TRUE(valid_password_field(field(s({0xFF, 0x01, 0x80})), &pw));
  EXPECT_EQ(pw, s({0xFF, 0x01, 0x80}));
  EXPECT_FALSE(valid_password_field(field(""), nullptr));
  EXPECT_FALSE(valid_password_field(field(std::string("pw\0x", 4)), nullptr));
  std::array<char, 20> f = field("pw");
  f[19] = 1;
  EXPECT_FALSE(valid_password_field(f, nullptr));
}

TEST(ChatText, Rules) {
  EXPECT_TRUE(valid_chat_text("a"));
  EXPECT_TRUE(valid_chat_text("안녕하세요"));
  EXPECT_TRUE(valid_chat_text(std::string(200, 'a')));
  EXPECT_FALSE(valid_chat_text(""));
  EXPECT_FALSE(valid_chat_text(std::string(201, 'a')));
  EXPECT_FALSE(valid_chat_text(s({'h', 'i', 0xC0, 0x80})));
  EXPECT_TRUE(valid_chat_text(s({'a', 0x00, 'b'})));  // chat is UTF-8; NUL is valid UTF-8
}

TEST(MakeLogin, PadsAndCuts) {
  CsLogin l = make_login("kim", "pw");
  EXPECT_EQ(l.name, field("kim"));
  EXPECT_EQ(l.password, field("pw"));
  l = make_login(std::string(25, 'n'), std::string(21, 'p'));
  EXPECT_EQ(l.name, field(std::string(20, 'n')));
  EXPECT_EQ(l.password, field(std::string(20, 'p')));
}

}  // namespace
}  // namespace iocplab::proto
