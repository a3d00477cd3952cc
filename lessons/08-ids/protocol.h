// protocol.h — packets as structs laid out byte for byte as they travel: the struct IS the
// packet. This stage has one; stage 09 adds the packets of docs/PROTOCOL.md.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>

// A u16 in memory is then low byte first, as on the wire (x86 and ARM as Windows runs them).
static_assert(std::endian::native == std::endian::little, "the structs are the wire's bytes");

// [lesson:layout]
#pragma pack(push, 1)  // no padding: every field sits at the offset the protocol gives it
struct Header {
  uint16_t size;  // the whole packet, header included
  uint8_t type;
};
struct Welcome { Header h; uint32_t id; };  // 7 bytes: the first packet a client gets
#pragma pack(pop)
static_assert(sizeof(Welcome) == 7);
constexpr uint8_t kWelcome = 100;  // far from 1..19, the types of stage 09's protocol
// [/lesson:layout]

// [lesson:helpers]
// A packet with its header filled in (size, type) and every other byte zero.
template <class Packet>
Packet make(uint8_t type) {
  Packet p;
  std::memset(&p, 0, sizeof p);
  p.h.size = (uint16_t)sizeof p;
  p.h.type = type;
  return p;
}

template <class Packet>
std::string bytes_of(const Packet& p) {  // what goes on the wire: the struct itself
  return std::string(reinterpret_cast<const char*>(&p), sizeof p);
}
// [/lesson:helpers]
