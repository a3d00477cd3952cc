// validate.cpp — UTF-8 (RFC 3629) and the name/password field rules of PROTOCOL.md.
#include "protocol/protocol.h"

namespace iocplab::proto {

namespace {

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Decodes the code point at s[i], advancing i. False on any sequence RFC 3629 forbids:
// stray continuation bytes, truncated sequences, overlong forms (C0, C1, E0 80..9F,
// F0 80..8F), surrogates (ED A0..BF), and anything above U+10FFFF (F4 90.., F5..FF).
bool next_code_point(std::string_view s, size_t& i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    ++i;
    return true;
  }
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return false;
  }
  if (s.size() - i < len) return false;
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  if (b1 < lo || b1 > hi) return false;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (!continuation(b)) return false;
    cp = cp << 6 | (b & 0x3F);
  }
  i += len;
  return true;
}

bool control_char(char32_t cp) { return cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F); }

// Length of the text in a fixed field: up to the first NUL, or all of it. -1 when a
// non-NUL byte follows the first NUL.
int field_text_len(const std::array<char, kFieldLen>& field) {
  size_t len = 0;
  while (len < field.size() && field[len] != '\0') ++len;
  for (size_t k = len; k < field.size(); ++k)
    if (field[k] != '\0') return -1;
  return static_cast<int>(len);
}

}  // namespace

bool valid_utf8(std::string_view s) {
  char32_t cp;
  for (size_t i = 0; i < s.size();)
    if (!next_code_point(s, i, cp)) return false;
  return true;
}

bool valid_chat_text(std::string_view s) {
  return !s.empty() && s.size() <= kMaxChat && valid_utf8(s);
}

bool valid_name_field(const std::array<char, kFieldLen>& field, std::string* name_out) {
  const int len = field_text_len(field);
  if (len < 1) return false;
  const std::string_view name(field.data(), static_cast<size_t>(len));
  char32_t cp;
  for (size_t i = 0; i < name.size();)
    if (!next_code_point(name, i, cp) || control_char(cp)) return false;
  if (name_out) name_out->assign(name);
  return true;
}

bool valid_password_field(const std::array<char, kFieldLen>& field, std::string* pw_out) {
  const int len = field_text_len(field);
  if (len < 1) return false;
  if (pw_out) pw_out->assign(field.data(), static_cast<size_t>(len));
  return true;
}

}  // namespace iocplab::proto
