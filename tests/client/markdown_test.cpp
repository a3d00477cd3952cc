// The lesson browser's Markdown subset: inline styles, blocks, Korean text kept whole.
#include "model/markdown.h"

#include <gtest/gtest.h>

namespace md = iocplab::client::md;
using md::BlockKind;
using md::Span;
using md::SpanKind;

namespace iocplab::client::md {
void PrintTo(const Span& s, std::ostream* os) { *os << "{" << static_cast<int>(s.kind) << ", \"" << s.text << "\"}"; }
}  // namespace iocplab::client::md

TEST(MarkdownInline, CodeEmphasisStrongAndLinks) {
  md::Spans s = md::parse_inline("Call `WSARecv` *once*, **never** twice: see [the protocol](../docs/PROTOCOL.md).");
  md::Spans want = {{SpanKind::Text, "Call "}, {SpanKind::Code, "WSARecv"}, {SpanKind::Text, " "},
                    {SpanKind::Emphasis, "once"}, {SpanKind::Text, ", "}, {SpanKind::Strong, "never"},
                    {SpanKind::Text, " twice: see "}, {SpanKind::Link, "the protocol"}, {SpanKind::Text, "."}};
  EXPECT_EQ(s, want);
}

TEST(MarkdownInline, MarkupInsideCodeIsText) {
  md::Spans s = md::parse_inline("`a*b*c` and ``x ` y``");
  md::Spans want = {{SpanKind::Code, "a*b*c"}, {SpanKind::Text, " and "}, {SpanKind::Code, "x ` y"}};
  EXPECT_EQ(s, want);
}

TEST(MarkdownInline, SnakeCaseAndLoneStarsStayText) {
  EXPECT_EQ(md::parse_inline("post_recv_locked and wait_until_empty"),
            (md::Spans{{SpanKind::Text, "post_recv_locked and wait_until_empty"}}));
  EXPECT_EQ(md::parse_inline("2 * 3 * 4"), (md::Spans{{SpanKind::Text, "2 * 3 * 4"}}));
  EXPECT_EQ(md::parse_inline("an \\*escaped\\* star"), (md::Spans{{SpanKind::Text, "an *escaped* star"}}));
}

TEST(MarkdownInline, KoreanTextIsKeptByteForByte) {
  md::Spans s = md::parse_inline("완료 포트는 `GetQueuedCompletionStatus`로 *하나씩* 꺼낸다");
  md::Spans want = {{SpanKind::Text, "완료 포트는 "}, {SpanKind::Code, "GetQueuedCompletionStatus"},
                    {SpanKind::Text, "로 "}, {SpanKind::Emphasis, "하나씩"}, {SpanKind::Text, " 꺼낸다"}};
  EXPECT_EQ(s, want);
}

TEST(MarkdownBlocks, HeadingsParagraphsListsCodeAndComments) {
  const char* doc =
      "# 03 Accept thread\n"
      "\n"
      "A paragraph that\n"
      "wraps over two lines.\n"
      "\n"
      "- one `item`\n"
      "  continued\n"
      "  - nested\n"
      "2. numbered\n"
      "\n"
      "<!-- quote: main.cpp#accept -->\n"
      "```cpp\n"
      "// 한국어 주석\n"
      "  SOCKET s = accept(listener, nullptr, nullptr);\n"
      "```\n"
      "<!-- /quote -->\n"
      "> a note\n"
      "---\n";
  auto b = md::parse_blocks(doc);
  ASSERT_EQ(b.size(), 8u);
  EXPECT_EQ(b[0].kind, BlockKind::Heading);
  EXPECT_EQ(b[0].level, 1);
  EXPECT_EQ(b[0].spans, (md::Spans{{SpanKind::Text, "03 Accept thread"}}));
  EXPECT_EQ(b[1].kind, BlockKind::Paragraph);
  EXPECT_EQ(b[1].spans, (md::Spans{{SpanKind::Text, "A paragraph that wraps over two lines."}}));
  EXPECT_EQ(b[2].kind, BlockKind::ListItem);
  EXPECT_EQ(b[2].level, 0);
  EXPECT_EQ(b[2].marker, "");
  EXPECT_EQ(b[2].spans, (md::Spans{{SpanKind::Text, "one "}, {SpanKind::Code, "item"}, {SpanKind::Text, " continued"}}));
  EXPECT_EQ(b[3].kind, BlockKind::ListItem);
  EXPECT_EQ(b[3].level, 1);
  EXPECT_EQ(b[4].marker, "2.");
  EXPECT_EQ(b[5].kind, BlockKind::Code);
  EXPECT_EQ(b[5].lang, "cpp");
  EXPECT_EQ(b[5].lines, (std::vector<std::string>{"// 한국어 주석", "  SOCKET s = accept(listener, nullptr, nullptr);"}));
  EXPECT_EQ(b[6].kind, BlockKind::Quote);
  EXPECT_EQ(b[7].kind, BlockKind::Rule);
}

TEST(MarkdownBlocks, TablesDropTheSeparatorRowAndKeepCodeWithPipes) {
  auto b = md::parse_blocks("| stage | adds |\n|---|:--:|\n| 01 | `a | b` port |\n");
  ASSERT_EQ(b.size(), 1u);
  ASSERT_EQ(b[0].kind, BlockKind::Table);
  ASSERT_EQ(b[0].rows.size(), 2u);
  EXPECT_EQ(b[0].rows[0][1], (md::Spans{{SpanKind::Text, "adds"}}));
  EXPECT_EQ(b[0].rows[1][1], (md::Spans{{SpanKind::Code, "a | b"}, {SpanKind::Text, " port"}}));
}

TEST(MarkdownBlocks, AMultiLineHtmlCommentIsDropped) {
  auto b = md::parse_blocks("before\n\n<!-- a\ncomment -->\nafter\n");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1].spans, (md::Spans{{SpanKind::Text, "after"}}));
}
