// packet.h — the packet format, and the Assembler that cuts a byte stream into packets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

// [lesson:format]
//   +-----------+----------+----------------------------+
//   | size: u16 | type: u8 | data: size - 3 bytes       |
//   +-----------+----------+----------------------------+
// `size` counts the whole packet, header included, little-endian (docs: PROTOCOL.md).
constexpr size_t kHeaderSize = 3;
constexpr size_t kMaxPacketSize = 1024;

inline size_t packet_size(const char* header) {
  auto* b = reinterpret_cast<const unsigned char*>(header);
  return (size_t)b[0] | ((size_t)b[1] << 8);
}
inline unsigned packet_type(const char* header) { return (unsigned char)header[2]; }
// [/lesson:format]

// Called for each complete packet: its first byte, and its size (header included).
using PacketHandler = std::function<void(const char* packet, size_t size)>;

// One per connection: keeps the bytes of an unfinished packet from one recv to the next.
class Assembler {
 public:
  // Handles the bytes of one recv. Returns false on an invalid size: nothing after it in
  // the stream can be trusted, so the caller closes the connection.
  bool feed(const char* data, size_t size, const PacketHandler& on_packet);
  size_t buffered() const { return have_; }  // bytes of an unfinished packet kept so far
  void reset() { have_ = 0; }

 private:
  bool append(const char* data, size_t size, size_t& at, size_t want);
  char packet_[kMaxPacketSize];  // the unfinished packet
  size_t have_ = 0;
};

std::string make_packet(unsigned type, const std::string& data);  // for the tests and tools
