// packet.cpp — reassembly: a recv can hold several packets, part of one, or both.
#include "packet.h"

#include <algorithm>
#include <cstring>

static bool valid_size(size_t size) { return size >= kHeaderSize && size <= kMaxPacketSize; }

// [lesson:reassembly]
bool Assembler::feed(const char* data, size_t size, const PacketHandler& on_packet) {
  size_t at = 0;  // the cursor: how much of this recv has been used
  //ko: 커서: 이번 recv를 어디까지 썼나
  while (at < size) {  // all data used? then we are done
    //ko: 데이터를 다 썼나? 그러면 끝
    if (have_ == 0 && size - at >= kHeaderSize) {
      // A packet starts at the cursor, inside the recv buffer. Read ITS header (at `at`,
      // not at data[0]) and never trust the size before checking it.
      //ko: 패킷이 커서에서, recv 버퍼 안에서 시작한다. data[0]이 아니라 `at`에 있는 그
      //ko: 패킷의 헤더를 읽고, 크기는 확인하기 전에는 절대 믿지 않는다.
      size_t need = packet_size(data + at);
      if (!valid_size(need)) return false;
      if (size - at >= need) {  // whole: handle it in place, no copy
        //ko: 통째로 있다: 복사 없이 그 자리에서 처리한다
        on_packet(data + at, need);
        at += need;
        continue;
      }
    }
    // Can the leftover complete the unfinished packet? First its header, then the rest.
    //ko: 남은 데이터로 덜 된 패킷을 완성할 수 있나? 먼저 헤더, 그다음 나머지.
    if (have_ < kHeaderSize && !append(data, size, at, kHeaderSize)) break;  // no: keep it
    //ko: 아니오: 모아 둔다
    size_t need = packet_size(packet_);
    if (!valid_size(need)) return false;
    if (!append(data, size, at, need)) break;  // no: keep what we have for the next recv
    //ko: 아니오: 가진 것을 다음 recv를 위해 모아 둔다
    on_packet(packet_, need);                  // yes: the packet is complete
    //ko: 예: 패킷이 완성됐다
    have_ = 0;
  }
  return true;
}

// Moves bytes from the recv at `at` into the unfinished packet until it holds `want`
// bytes. True when it does; false when the recv ran out first.
//ko: recv의 `at`부터 바이트를 덜 된 패킷으로 옮겨 `want` 바이트가 되게 한다.
//ko: 그렇게 되면 true, 그 전에 recv가 바닥나면 false.
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
