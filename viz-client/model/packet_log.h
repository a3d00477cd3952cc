// packet_log.h — every frame the client sent or received, in a bounded ring, with
// per-second rates for the plots. Owned and touched by the UI thread only.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "net/wire.h"

namespace iocplab::client {

enum class Direction : uint8_t { Sent, Received };

struct PacketRecord {
  uint64_t number = 0;  // 1, 2, ... over the whole run (survives ring eviction)
  double time_s = 0;    // seconds since the client started
  Direction dir = Direction::Received;
  uint8_t type = 0;
  Frame bytes;
};

struct PacketFilter {
  bool show_sent = true, show_received = true;
  uint8_t only_type = 0;  // 0: every type
  bool matches(const PacketRecord& r) const;
};

class PacketLog {
 public:
  explicit PacketLog(size_t capacity = 4096) : capacity_(capacity) {}

  void add(double time_s, Direction dir, FrameView frame);

  size_t size() const { return ring_.size(); }
  const PacketRecord& at(size_t i) const { return ring_[i]; }  // 0 is the oldest kept
  const PacketRecord* find(uint64_t number) const;
  uint64_t evicted() const { return evicted_; }

  uint64_t frames(Direction d) const { return frames_[idx(d)]; }
  uint64_t bytes(Direction d) const { return bytes_[idx(d)]; }
  uint64_t frames_of_type(Direction d, uint8_t type) const { return by_type_[idx(d)][type]; }

  // One sample per whole second: frames and bytes both ways in that second.
  struct Second { int64_t second = 0; uint32_t frames = 0; uint64_t bytes = 0; };
  const std::deque<Second>& seconds() const { return seconds_; }
  void clear();

 private:
  static size_t idx(Direction d) { return d == Direction::Sent ? 0 : 1; }

  size_t capacity_;
  std::deque<PacketRecord> ring_;
  uint64_t next_number_ = 1, evicted_ = 0;
  uint64_t frames_[2] = {0, 0}, bytes_[2] = {0, 0};
  uint64_t by_type_[2][256] = {};
  std::deque<Second> seconds_;
};

std::string hex_dump(FrameView bytes);  // 16 bytes a line: offset, hex, ASCII

}  // namespace iocplab::client
