// protocol.h — packets as structs laid out byte for byte as they travel: the struct IS the
// packet. Stage 10: the packets of docs/PROTOCOL.md for the login, moves and leaving.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>

// A u16 in memory is then low byte first, as on the wire (x86 and ARM as Windows runs them).
static_assert(std::endian::native == std::endian::little, "the structs are the wire's bytes");

// [lesson:layout]
enum Type : uint8_t { CS_LOGIN = 1, CS_MOVE = 2, CS_LOGOUT = 4, SC_LOGIN_OK = 11, SC_LOGIN_FAIL = 12,
                      SC_ADD_PLAYER = 13, SC_MOVE_PLAYER = 14, SC_REMOVE_PLAYER = 15 };
enum Dir : uint8_t { kUp = 0, kDown = 1, kLeft = 2, kRight = 3 };  // up: y-1, down: y+1
enum LoginFail : uint8_t { kWrongPassword = 1, kAlreadyLoggedIn = 2, kServerFull = 3, kInvalidField = 4 };

#pragma pack(push, 1)  // no padding: every field sits at the offset the protocol gives it
struct Header {
  uint16_t size;  // the whole packet, header included
  uint8_t type;
};
struct CsLogin { Header h; char name[20]; char password[20]; };                 // 43 bytes
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

// A name[20] or password[20] field: the text up to the first NUL (or all 20 bytes), not
// empty, no control bytes, and only NUL after the first NUL.
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
