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
// `size` counts the whole packet, header included, little-endian (docs/PROTOCOL.md).
//ko: `size`는 헤더를 포함한 패킷 전체 크기, 리틀 엔디언이다 (docs/PROTOCOL.md).
constexpr size_t kHeaderSize = 3;
constexpr size_t kMaxPacketSize = 1024;  // the largest packet: one recv buffer (kBufferSize)
//ko: 가장 큰 패킷: recv 버퍼 하나 크기 (kBufferSize)

inline size_t packet_size(const char* header) {
  auto* b = reinterpret_cast<const unsigned char*>(header);
  return (size_t)b[0] | ((size_t)b[1] << 8);
}
inline unsigned packet_type(const char* header) { return (unsigned char)header[2]; }
// [/lesson:format]

// Called for each complete packet: its first byte, and its size (header included).
using PacketHandler = std::function<void(const char* packet, size_t size)>;

// [lesson:assembler]
// One per connection: keeps the bytes of an unfinished packet from one recv to the next.
//ko: 연결마다 하나. 덜 된 패킷의 바이트를 한 recv에서 다음 recv까지 들고 있다.
class Assembler {
 public:
  // Handles the bytes of one recv. Returns false on an invalid size: nothing after it in
  // the stream can be trusted, so the caller closes the connection.
  //ko: recv 한 번의 바이트를 처리한다. 크기가 잘못되면 false: 스트림에서 그 뒤는 하나도
  //ko: 믿을 수 없으니, 부른 쪽이 연결을 닫는다.
  bool feed(const char* data, size_t size, const PacketHandler& on_packet);
  size_t buffered() const { return have_; }  // bytes of an unfinished packet kept so far
  //ko: 지금까지 모아 둔 덜 된 패킷의 바이트 수
  void reset() { have_ = 0; }

 private:
  bool append(const char* data, size_t size, size_t& at, size_t want);
  char packet_[kMaxPacketSize];  // the unfinished packet
  //ko: 덜 된 패킷
  size_t have_ = 0;
};
// [/lesson:assembler]

std::string make_packet(unsigned type, const std::string& data);  // for the tests and tools
