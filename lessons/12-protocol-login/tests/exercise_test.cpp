// Stage 12 exercise check (exercise/utf8.cpp; solved in solution/): names must be valid
// UTF-8. read_field only rejects control bytes; a name like "\xC0\xAF" (an overlong '/')
// would pass it and break every client that shows names.
#include <gtest/gtest.h>

#include "utf8.h"

namespace {

TEST(Exercise12, KoreanAndEmojiNamesAreValid) {
  EXPECT_TRUE(valid_utf8("alice"));
  EXPECT_TRUE(valid_utf8("한글이름"));
  EXPECT_TRUE(valid_utf8("caf\xC3\xA9"));
  EXPECT_TRUE(valid_utf8("\xF0\x9F\x8E\xAE"));  // U+1F3AE, four bytes
}

TEST(Exercise12, BrokenBytesAreNot) {
  EXPECT_FALSE(valid_utf8("\xC0\xAF")) << "overlong '/'";
  EXPECT_FALSE(valid_utf8("\xE0\x80\xAF")) << "overlong, three bytes";
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80")) << "a surrogate";
  EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80")) << "past U+10FFFF";
  EXPECT_FALSE(valid_utf8("\xEA\xB0")) << "cut short";
  EXPECT_FALSE(valid_utf8("a\x80")) << "a lone continuation byte";
  EXPECT_FALSE(valid_utf8("\xFF")) << "never in UTF-8";
}

}  // namespace
