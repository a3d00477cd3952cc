// protocol.h — packets as structs laid out byte for byte as they travel: the struct IS the
// packet. This stage has one; stage 12 adds the packets of docs/PROTOCOL.md.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>

// A u16 in memory is then low byte first, as on the wire (x86 and ARM as Windows runs them).
//ko: 그래야 메모리 속 u16도 회선처럼 아래 바이트가 먼저다 (윈도우가 도는 x86과 ARM).
static_assert(std::endian::native == std::endian::little, "the structs are the wire's bytes");

// [lesson:layout]
#pragma pack(push, 1)  // no padding: every field sits at the offset the protocol gives it
//ko: 빈칸(padding) 없이: 모든 필드가 프로토콜이 정한 오프셋에 놓인다
struct Header {
  uint16_t size;  // the whole packet, header included
  //ko: 헤더를 포함한 패킷 전체
  uint8_t type;
};
struct Welcome { Header h; uint32_t id; };  // 7 bytes: the first packet a client gets
//ko: 7바이트: 클라이언트가 받는 첫 패킷
#pragma pack(pop)
static_assert(sizeof(Welcome) == 7);
constexpr uint8_t kWelcome = 100;  // far from 1..19, the types of stage 12's protocol
//ko: 12단계 프로토콜의 타입 1..19와 멀리 떨어진 값
// [/lesson:layout]

// [lesson:helpers]
// A packet with its header filled in (size, type) and every other byte zero.
//ko: 헤더(size, type)를 채우고 나머지 바이트는 모두 0인 패킷.
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
  //ko: 회선에 나가는 것: 구조체 그 자체
  return std::string(reinterpret_cast<const char*>(&p), sizeof p);
}
// [/lesson:helpers]
