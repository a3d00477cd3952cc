#include "markdown.h"

#include <cctype>

namespace iocplab::client::md {

namespace {

void add(Spans& out, SpanKind kind, std::string_view text) {
  if (text.empty()) return;
  if (!out.empty() && out.back().kind == kind && kind == SpanKind::Text) {
    out.back().text += text;
    return;
  }
  out.push_back({kind, std::string(text)});
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

// A closing delimiter `delim` at or after `from` that ends an emphasis run: not preceded
// by a space. npos when there is none.
size_t find_closing(std::string_view s, size_t from, std::string_view delim) {
  for (size_t at = s.find(delim, from); at != std::string_view::npos; at = s.find(delim, at + 1)) {
    if (at > from && !is_space(s[at - 1])) return at;
  }
  return std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && (is_space(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

size_t indent_of(std::string_view line) {
  size_t n = 0;
  for (char c : line) {
    if (c == ' ') n += 1;
    else if (c == '\t') n += 4;
    else break;
  }
  return n;
}

// "- x", "* x", "+ x", "12. x": the marker ("" for bullets) and where the text starts.
bool list_marker(std::string_view t, std::string* marker, size_t* text_at) {
  if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') {
    *marker = "";
    *text_at = 2;
    return true;
  }
  size_t d = 0;
  while (d < t.size() && std::isdigit(static_cast<unsigned char>(t[d]))) ++d;
  if (d > 0 && d < 10 && d + 1 < t.size() && (t[d] == '.' || t[d] == ')') && t[d + 1] == ' ') {
    *marker = std::string(t.substr(0, d + 1));
    *text_at = d + 2;
    return true;
  }
  return false;
}

bool is_rule(std::string_view t) {
  if (t.size() < 3) return false;
  char c = t[0];
  if (c != '-' && c != '*' && c != '_') return false;
  for (char x : t) {
    if (x != c && !is_space(x)) return false;
  }
  return true;
}

std::vector<std::string_view> table_cells(std::string_view t) {
  if (!t.empty() && t.front() == '|') t.remove_prefix(1);
  if (!t.empty() && t.back() == '|') t.remove_suffix(1);
  std::vector<std::string_view> cells;
  size_t start = 0;
  bool in_code = false;
  for (size_t i = 0; i <= t.size(); ++i) {
    if (i < t.size() && t[i] == '`') in_code = !in_code;
    if (i == t.size() || (t[i] == '|' && !in_code && (i == 0 || t[i - 1] != '\\'))) {
      cells.push_back(trim(t.substr(start, i - start)));
      start = i + 1;
    }
  }
  return cells;
}

bool is_table_separator(std::string_view t) {
  if (t.empty() || t.front() != '|') return false;
  for (char c : t) {
    if (c != '|' && c != '-' && c != ':' && !is_space(c)) return false;
  }
  return t.find('-') != std::string_view::npos;
}

}  // namespace

Spans parse_inline(std::string_view s) {
  Spans out;
  std::string text;
  auto flush = [&] { add(out, SpanKind::Text, text); text.clear(); };
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size() && std::ispunct(static_cast<unsigned char>(s[i + 1]))) {
      text += s[i + 1];
      i += 2;
      continue;
    }
    if (c == '`') {  // a run of n backticks closes at the next run of n
      size_t n = 0;
      while (i + n < s.size() && s[i + n] == '`') ++n;
      std::string fence(n, '`');
      size_t end = s.find(fence, i + n);
      if (end != std::string_view::npos) {
        flush();
        add(out, SpanKind::Code, trim(s.substr(i + n, end - i - n)));
        i = end + n;
        continue;
      }
      text.append(fence);
      i += n;
      continue;
    }
    if ((c == '*' || c == '_') && i + 1 < s.size() && s[i + 1] == c && i + 2 < s.size() && !is_space(s[i + 2])) {
      std::string_view delim = s.substr(i, 2);
      size_t end = find_closing(s, i + 2, delim);
      if (end != std::string_view::npos) {
        flush();
        for (Span& inner : parse_inline(s.substr(i + 2, end - i - 2))) {
          add(out, inner.kind == SpanKind::Text ? SpanKind::Strong : inner.kind, inner.text);
        }
        i = end + 2;
        continue;
      }
    }
    // *x* anywhere; _x_ only at word boundaries, so snake_case names stay whole.
    bool boundary = i == 0 || !std::isalnum(static_cast<unsigned char>(s[i - 1]));
    if ((c == '*' || (c == '_' && boundary)) && i + 1 < s.size() && !is_space(s[i + 1]) && s[i + 1] != c) {
      size_t end = find_closing(s, i + 1, std::string_view(&s[i], 1));
      bool end_ok = end != std::string_view::npos &&
                    (c == '*' || end + 1 == s.size() || !std::isalnum(static_cast<unsigned char>(s[end + 1])));
      if (end_ok) {
        flush();
        for (Span& inner : parse_inline(s.substr(i + 1, end - i - 1))) {
          add(out, inner.kind == SpanKind::Text ? SpanKind::Emphasis : inner.kind, inner.text);
        }
        i = end + 1;
        continue;
      }
    }
    if (c == '[') {  // [text](target): the text, styled as a link
      size_t close = s.find("](", i);
      size_t end = close == std::string_view::npos ? close : s.find(')', close + 2);
      if (end != std::string_view::npos && s.substr(i + 1, close - i - 1).find('\n') == std::string_view::npos) {
        flush();
        for (Span& inner : parse_inline(s.substr(i + 1, close - i - 1))) {
          add(out, inner.kind == SpanKind::Text ? SpanKind::Link : inner.kind, inner.text);
        }
        i = end + 1;
        continue;
      }
    }
    text += c;
    ++i;
  }
  flush();
  return out;
}

std::vector<Block> parse_blocks(std::string_view doc) {
  std::vector<std::string_view> lines;
  for (size_t at = 0; at <= doc.size();) {
    size_t end = doc.find('\n', at);
    if (end == std::string_view::npos) end = doc.size();
    std::string_view line = doc.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    at = end + 1;
  }

  std::vector<Block> out;
  std::string para;                 // the paragraph, list item or quote being gathered
  BlockKind para_kind = BlockKind::Paragraph;
  Block pending;                    // its block (level, marker)
  auto flush = [&] {
    if (para.empty()) return;
    pending.kind = para_kind;
    pending.spans = parse_inline(para);
    out.push_back(std::move(pending));
    pending = Block{};
    para.clear();
  };

  for (size_t n = 0; n < lines.size(); ++n) {
    std::string_view line = lines[n];
    std::string_view t = trim(line);
    if (t.rfind("```", 0) == 0 || t.rfind("~~~", 0) == 0) {  // fenced code, verbatim
      flush();
      Block code;
      code.kind = BlockKind::Code;
      code.lang = std::string(trim(t.substr(3)));
      std::string_view fence = t.substr(0, 3);
      size_t cut = indent_of(line);
      for (++n; n < lines.size() && trim(lines[n]).rfind(fence, 0) != 0; ++n) {
        std::string_view l = lines[n];
        size_t drop = 0;
        while (drop < cut && drop < l.size() && l[drop] == ' ') ++drop;
        code.lines.emplace_back(l.substr(drop));
      }
      out.push_back(std::move(code));
      continue;
    }
    if (t.rfind("<!--", 0) == 0) {  // an HTML comment, possibly over several lines
      flush();
      while (n < lines.size() && lines[n].find("-->") == std::string_view::npos) ++n;
      continue;
    }
    if (t.empty()) {
      flush();
      continue;
    }
    if (t[0] == '#') {
      size_t level = t.find_first_not_of('#');
      if (level != std::string_view::npos && level <= 6 && t[level] == ' ') {
        flush();
        Block h;
        h.kind = BlockKind::Heading;
        h.level = static_cast<int>(level);
        h.spans = parse_inline(trim(t.substr(level)));
        out.push_back(std::move(h));
        continue;
      }
    }
    if (is_rule(t)) {
      flush();
      out.push_back(Block{BlockKind::Rule});
      continue;
    }
    if (t[0] == '|') {
      flush();
      Block table;
      table.kind = BlockKind::Table;
      for (; n < lines.size() && !trim(lines[n]).empty() && trim(lines[n])[0] == '|'; ++n) {
        std::string_view row = trim(lines[n]);
        if (is_table_separator(row)) continue;
        std::vector<Spans> cells;
        for (std::string_view cell : table_cells(row)) cells.push_back(parse_inline(cell));
        table.rows.push_back(std::move(cells));
      }
      --n;
      out.push_back(std::move(table));
      continue;
    }
    std::string marker;
    size_t text_at = 0;
    if (list_marker(t, &marker, &text_at)) {
      flush();
      para_kind = BlockKind::ListItem;
      pending.level = static_cast<int>(indent_of(line) / 2);
      pending.marker = marker;
      para = std::string(trim(t.substr(text_at)));
      continue;
    }
    if (t[0] == '>') {
      if (para_kind != BlockKind::Quote) flush();
      para_kind = BlockKind::Quote;
      std::string_view q = trim(t.substr(1));
      if (!para.empty()) para += ' ';
      para += q;
      continue;
    }
    // A paragraph line, or the continuation of a list item or a quote.
    if (para.empty()) para_kind = BlockKind::Paragraph;
    if (!para.empty()) para += ' ';
    para += t;
  }
  flush();
  return out;
}

}  // namespace iocplab::client::md
