// markdown.h — the subset of Markdown the lesson texts use, parsed into blocks of styled
// spans for the lesson browser: headings, paragraphs, bullet and numbered lists, fenced
// code, tables, quotes and rules; inline code, *emphasis*, **strong** and [links](url).
// HTML comments (the quote markers) are dropped. No SDL or ImGui here: ui/ draws it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace iocplab::client::md {

enum class SpanKind { Text, Code, Emphasis, Strong, Link };
struct Span {
  SpanKind kind = SpanKind::Text;
  std::string text;  // UTF-8, markup removed
  bool operator==(const Span&) const = default;
};
using Spans = std::vector<Span>;

enum class BlockKind { Heading, Paragraph, ListItem, Quote, Code, Table, Rule };
struct Block {
  BlockKind kind = BlockKind::Paragraph;
  int level = 0;               // Heading: 1..6; ListItem: nesting depth from 0
  std::string marker;          // ListItem: "" for a bullet, "1." for a numbered item
  Spans spans;                 // Heading, Paragraph, ListItem, Quote
  std::string lang;            // Code: the fence's info string
  std::vector<std::string> lines;  // Code: the lines, verbatim
  std::vector<std::vector<Spans>> rows;  // Table: cells; rows[0] is the header
};

// Inline markup of one paragraph's text.
Spans parse_inline(std::string_view text);
// A whole document.
std::vector<Block> parse_blocks(std::string_view text);

}  // namespace iocplab::client::md
