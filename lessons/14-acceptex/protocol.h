// protocol.h — packets as structs laid out byte for byte as they travel: the struct IS the
// packet. Stage 13: the packets of docs/PROTOCOL.md for the login, moves and leaving.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>

// A u16 in memory is then low byte first, as on the wire (x86 and ARM as Windows runs them).
//ko: 그래야 메모리 속 u16도 회선처럼 아래 바이트가 먼저다 (윈도우가 도는 x86과 ARM).
static_assert(std::endian::native == std::endian::little, "the structs are the wire's bytes");

// [lesson:layout]
enum Type : uint8_t { CS_LOGIN = 1, CS_MOVE = 2, CS_LOGOUT = 4, SC_LOGIN_OK = 11, SC_LOGIN_FAIL = 12,
                      SC_ADD_PLAYER = 13, SC_MOVE_PLAYER = 14, SC_REMOVE_PLAYER = 15 };
enum Dir : uint8_t { kUp = 0, kDown = 1, kLeft = 2, kRight = 3 };  // up: y-1, down: y+1
//ko: 위: y-1, 아래: y+1
enum LoginFail : uint8_t { kWrongPassword = 1, kAlreadyLoggedIn = 2, kServerFull = 3, kInvalidField = 4 };

#pragma pack(push, 1)  // no padding: every field sits at the offset the protocol gives it
//ko: 빈칸(padding) 없이: 모든 필드가 프로토콜이 정한 오프셋에 놓인다
struct Header {
  uint16_t size;  // the whole packet, header included
  //ko: 헤더를 포함한 패킷 전체
  uint8_t type;
};
struct CsLogin { Header h; char name[20]; char password[20]; };                 // 43
struct ScLoginOk { Header h; uint32_t id; uint16_t x, y, world_w, world_h, view; };  // 17
struct ScLoginFail { Header h; uint8_t reason; };                                // 4
struct ScAddPlayer { Header h; uint32_t id; uint16_t x, y; char name[20]; };     // 31
struct CsMove { Header h; uint8_t dir; uint32_t seq, client_time; };             // 12
struct ScMovePlayer { Header h; uint32_t id; uint16_t x, y; uint32_t seq, client_time; };  // 19
struct ScRemovePlayer { Header h; uint32_t id; };                                // 7
#pragma pack(pop)
static_assert(sizeof(CsLogin) == 43 && sizeof(ScLoginOk) == 17);
static_assert(sizeof(ScLoginFail) == 4 && sizeof(ScAddPlayer) == 31);
static_assert(sizeof(CsMove) == 12 && sizeof(ScMovePlayer) == 19 && sizeof(ScRemovePlayer) == 7);
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

// A name[20] or password[20] field: not empty, no control bytes, only NUL after a NUL.
//ko: name[20]이나 password[20] 필드: 비어 있지 않고, 제어 바이트 없이, NUL 뒤로는 NUL만.
inline bool read_field(const char (&field)[20], std::string* out) {
  size_t n = strnlen(field, sizeof field);
  for (size_t i = 0; i < sizeof field; ++i) {
    unsigned char b = (unsigned char)field[i];
    if (i < n ? b < 0x20 || b == 0x7F : b != 0) return false;
  }
  out->assign(field, n);
  return n > 0;
}
// [/lesson:helpers]
