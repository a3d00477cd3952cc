// byte_pattern.h — a byte stream whose every position is checkable (i -> byte), so large
// transfers can be verified byte-exact without keeping a copy.
#pragma once

#include <cstddef>
#include <vector>

namespace conf {

inline char pattern_byte(size_t i) { return static_cast<char>((i * 7 + 3) % 251); }

inline std::vector<char> make_pattern(size_t size, size_t offset = 0) {
  std::vector<char> v(size);
  for (size_t i = 0; i < size; ++i) v[i] = pattern_byte(offset + i);
  return v;
}

// Index of the first byte of data[0..size) that is not the pattern at `offset`, or size.
inline size_t pattern_mismatch(const char* data, size_t size, size_t offset) {
  for (size_t i = 0; i < size; ++i)
    if (data[i] != pattern_byte(offset + i)) return i;
  return size;
}

}  // namespace conf
