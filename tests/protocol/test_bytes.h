// test_bytes.h — small helpers to write expected frames by hand in tests.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace iocplab::proto::test {

using Bytes = std::vector<uint8_t>;

inline Bytes bytes(std::initializer_list<int> list) {
  Bytes out;
  for (int b : list) out.push_back(static_cast<uint8_t>(b));
  return out;
}
inline Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }
inline Bytes zeros(size_t n) { return Bytes(n, 0); }
inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}
// A frame with the given size field and type, padded with `fill` up to `actual` bytes.
inline Bytes raw_frame(size_t size_field, uint8_t type, size_t actual, uint8_t fill = 0) {
  Bytes out(actual, fill);
  if (actual > 0) out[0] = static_cast<uint8_t>(size_field);
  if (actual > 1) out[1] = static_cast<uint8_t>(size_field >> 8);
  if (actual > 2) out[2] = type;
  return out;
}
inline std::array<char, 20> field(std::string_view s) {
  std::array<char, 20> f{};
  for (size_t i = 0; i < s.size() && i < f.size(); ++i) f[i] = s[i];
  return f;
}

}  // namespace iocplab::proto::test
