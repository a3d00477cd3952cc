// wire.h — little-endian frame writing and reading, private to the protocol library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "protocol/protocol.h"

namespace iocplab::proto::wire {

// Appends one frame to out: header first, size patched in by finish().
class FrameWriter {
 public:
  FrameWriter(std::vector<uint8_t>& out, Type type) : out_(out), start_(out.size()) {
    u16(0);
    u8(static_cast<uint8_t>(type));
  }
  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v) { uint_le(v, 2); }
  void u32(uint32_t v) { uint_le(v, 4); }
  void u64(uint64_t v) { uint_le(v, 8); }
  void bytes(std::string_view s) { out_.insert(out_.end(), s.begin(), s.end()); }
  // A fixed field: s cut at `width` bytes, padded with NUL.
  void field(std::string_view s, size_t width) {
    if (s.size() > width) s = s.substr(0, width);
    bytes(s);
    out_.insert(out_.end(), width - s.size(), 0);
  }
  size_t written() const { return out_.size() - start_; }
  void finish() {
    const size_t size = written();
    out_[start_] = static_cast<uint8_t>(size);
    out_[start_ + 1] = static_cast<uint8_t>(size >> 8);
  }

 private:
  void uint_le(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  std::vector<uint8_t>& out_;
  size_t start_;
};

// Reads a payload; the caller checks sizes first, so reads never run past the end.
class Reader {
 public:
  explicit Reader(std::span<const uint8_t> bytes) : p_(bytes) {}
  uint8_t u8() { return p_[pos_++]; }
  uint16_t u16() { return static_cast<uint16_t>(uint_le(2)); }
  uint32_t u32() { return static_cast<uint32_t>(uint_le(4)); }
  uint64_t u64() { return uint_le(8); }
  std::string_view text(size_t n) {
    std::string_view s(reinterpret_cast<const char*>(p_.data() + pos_), n);
    pos_ += n;
    return s;
  }
  size_t remaining() const { return p_.size() - pos_; }

 private:
  uint64_t uint_le(int n) {
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= uint64_t(p_[pos_++]) << (8 * i);
    return v;
  }
  std::span<const uint8_t> p_;
  size_t pos_ = 0;
};

}  // namespace iocplab::proto::wire
