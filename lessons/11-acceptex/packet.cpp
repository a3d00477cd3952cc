// packet.cpp — reassembly: a recv can hold several packets, part of one, or both.
#include "packet.h"

#include <algorithm>
#include <cstring>

static bool valid_size(size_t size) { return size >= kHeaderSize && size <= kMaxPacketSize; }

// [lesson:reassembly]
bool Assembler::feed(const char* data, size_t size, const PacketHandler& on_packet) {
  size_t at = 0;  // the cursor: how much of this recv has been used
  while (at < size) {  // all data used? then we are done
    if (have_ == 0 && size - at >= kHeaderSize) {
      // A packet starts at the cursor, inside the recv buffer. Read ITS header (at `at`,
      // not at data[0]) and never trust the size before checking it.
      size_t need = packet_size(data + at);
      if (!valid_size(need)) return false;
      if (size - at >= need) {  // whole: handle it in place, no copy
        on_packet(data + at, need);
        at += need;
        continue;
      }
    }
    // Can the leftover complete the unfinished packet? First its header, then the rest.
    if (have_ < kHeaderSize && !append(data, size, at, kHeaderSize)) break;  // no: keep it
    size_t need = packet_size(packet_);
    if (!valid_size(need)) return false;
    if (!append(data, size, at, need)) break;  // no: keep what we have for the next recv
    on_packet(packet_, need);                  // yes: the packet is complete
    have_ = 0;
  }
  return true;
}

// Moves bytes from the recv at `at` into the unfinished packet until it holds `want`
// bytes. True when it does; false when the recv ran out first.
bool Assembler::append(const char* data, size_t size, size_t& at, size_t want) {
  size_t take = std::min(want - have_, size - at);
  std::memcpy(packet_ + have_, data + at, take);
  have_ += take;
  at += take;
  return have_ == want;
}
// [/lesson:reassembly]

std::string make_packet(unsigned type, const std::string& data) {
  size_t size = kHeaderSize + data.size();
  std::string p;
  p += (char)(size & 0xFF);
  p += (char)((size >> 8) & 0xFF);
  p += (char)type;
  return p + data;
}
