#include "packet_log.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace iocplab::client {

constexpr size_t kSecondsKept = 120;

bool PacketFilter::matches(const PacketRecord& r) const {
  if (r.dir == Direction::Sent && !show_sent) return false;
  if (r.dir == Direction::Received && !show_received) return false;
  return only_type == 0 || r.type == only_type;
}

void PacketLog::add(double time_s, Direction dir, FrameView frame) {
  PacketRecord r;
  r.number = next_number_++;
  r.time_s = time_s;
  r.dir = dir;
  r.type = frame_type(frame);
  r.bytes.assign(frame.begin(), frame.end());
  frames_[idx(dir)]++;
  bytes_[idx(dir)] += frame.size();
  by_type_[idx(dir)][r.type]++;

  int64_t second = static_cast<int64_t>(std::floor(time_s));
  if (seconds_.empty() || seconds_.back().second < second) {
    // Fill silent seconds with zeros so the plots keep a steady time axis.
    int64_t from = seconds_.empty() ? second : seconds_.back().second + 1;
    for (int64_t s = std::max(from, second - int64_t(kSecondsKept)); s <= second; ++s) seconds_.push_back({s, 0, 0});
    while (seconds_.size() > kSecondsKept) seconds_.pop_front();
  }
  if (seconds_.back().second == second) {
    seconds_.back().frames++;
    seconds_.back().bytes += frame.size();
  }

  ring_.push_back(std::move(r));
  if (ring_.size() > capacity_) {
    ring_.pop_front();
    evicted_++;
  }
}

const PacketRecord* PacketLog::find(uint64_t number) const {
  if (ring_.empty() || number < ring_.front().number || number > ring_.back().number) return nullptr;
  return &ring_[number - ring_.front().number];  // numbers are consecutive in the ring
}

void PacketLog::clear() {
  evicted_ += ring_.size();
  ring_.clear();
}

std::string hex_dump(FrameView bytes) {
  std::string out;
  char line[96];
  for (size_t off = 0; off < bytes.size(); off += 16) {
    int n = std::snprintf(line, sizeof line, "%04zx  ", off);
    std::string ascii;
    for (size_t i = 0; i < 16; ++i) {
      if (off + i < bytes.size()) {
        uint8_t b = bytes[off + i];
        n += std::snprintf(line + n, sizeof line - n, "%02x ", b);
        ascii += (b >= 32 && b < 127) ? static_cast<char>(b) : '.';
      } else {
        n += std::snprintf(line + n, sizeof line - n, "   ");
      }
      if (i == 7) n += std::snprintf(line + n, sizeof line - n, " ");
    }
    out += line;
    out += " ";
    out += ascii;
    out += "\n";
  }
  return out;
}

}  // namespace iocplab::client
