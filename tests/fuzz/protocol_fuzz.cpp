// protocol_fuzz.cpp — libFuzzer target for the PacketAssembler and every decoder.
// Input: byte 0 seeds how the rest (a TCP byte stream) is cut into chunks.
// Checks, beyond "no crash, no leak, no UB":
//  - the same stream cut two ways gives the same frames and the same status;
//  - every frame handed out has a valid size equal to its length;
//  - a frame that decodes re-encodes to exactly the same bytes;
//  - a typed decoder accepts only the frame type it decodes, and agrees with decode_any.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/packet_assembler.h"
#include "protocol/protocol.h"

namespace {

using namespace iocplab::proto;
using Frames = std::vector<std::vector<uint8_t>>;

void check(bool ok) {
  if (!ok) std::abort();
}

template <class P>
void try_decode(std::span<const uint8_t> frame, Type type) {
  P p;
  const DecodeError e = decode(frame, p);
  if (e != DecodeError::None) return;
  check(frame_type(frame) == static_cast<uint8_t>(type));
  std::vector<uint8_t> again;
  encode(again, p);
  check(again.size() == frame.size() && std::equal(again.begin(), again.end(), frame.begin()));
}

void check_frame(std::span<const uint8_t> frame) {
  check(frame.size() >= kHeaderSize && frame.size() <= kMaxFrame);
  check(frame_size(frame) == frame.size());
  try_decode<CsLogin>(frame, Type::CsLogin);
  try_decode<CsMove>(frame, Type::CsMove);
  try_decode<CsChat>(frame, Type::CsChat);
  try_decode<CsLogout>(frame, Type::CsLogout);
  try_decode<CsObserve>(frame, Type::CsObserve);
  try_decode<ScLoginOk>(frame, Type::ScLoginOk);
  try_decode<ScLoginFail>(frame, Type::ScLoginFail);
  try_decode<ScAddPlayer>(frame, Type::ScAddPlayer);
  try_decode<ScMovePlayer>(frame, Type::ScMovePlayer);
  try_decode<ScRemovePlayer>(frame, Type::ScRemovePlayer);
  try_decode<ScChat>(frame, Type::ScChat);
  try_decode<ScTelemetryTotals>(frame, Type::ScTelemetryTotals);
  try_decode<ScTelemetryThreads>(frame, Type::ScTelemetryThreads);
  try_decode<ScTelemetryRecv>(frame, Type::ScTelemetryRecv);
  Packet any;
  if (decode_any(frame, any) == DecodeError::None) {
    std::vector<uint8_t> again;
    encode(again, any);
    check(again.size() == frame.size() && std::equal(again.begin(), again.end(), frame.begin()));
  }
  // Name/password/UTF-8 validators on whatever the payload holds.
  std::string_view payload(reinterpret_cast<const char*>(frame.data()) + kHeaderSize,
                           frame.size() - kHeaderSize);
  (void)valid_utf8(payload);
  if (payload.size() >= kFieldLen) {
    std::array<char, kFieldLen> field;
    std::copy_n(payload.begin(), kFieldLen, field.begin());
    std::string out;
    if (valid_name_field(field, &out)) check(!out.empty() && valid_utf8(out));
    if (valid_password_field(field, &out)) check(!out.empty() && out.size() <= kFieldLen);
  }
}

struct Result {
  Frames frames;
  PacketAssembler::Status status = PacketAssembler::Status::Ok;
  size_t buffered = 0;
};

// Feeds the stream cut by a small xorshift generator seeded with `seed`; max chunk 1..4096.
Result run(std::span<const uint8_t> stream, uint32_t seed, bool record) {
  Result r;
  PacketAssembler a;
  a.set_recording(record);
  uint32_t x = seed * 2654435761u + 1;
  const size_t max_chunk = 1 + (seed % 16 == 0 ? 4095 : seed % 97);
  size_t fed = 0, out_bytes = 0;
  for (size_t pos = 0; pos < stream.size();) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    const size_t len = std::min<size_t>(1 + x % max_chunk, stream.size() - pos);
    r.status = a.feed(stream.subspan(pos, len), [&](std::span<const uint8_t> f) {
      check_frame(f);
      r.frames.emplace_back(f.begin(), f.end());
      out_bytes += f.size();
    });
    pos += len;
    fed += len;
    if (r.status != PacketAssembler::Status::Ok) break;
    check(out_bytes + a.buffered() == fed);
    check(a.buffered() < kMaxFrame);
  }
  r.buffered = a.buffered();
  if (record) {
    uint32_t dropped = 0;
    std::vector<uint8_t> frame;
    encode(frame, ScTelemetryRecv{0, a.take_records(&dropped)});
    check(frame.size() <= kMaxFrame);
    ScTelemetryRecv back;
    check(decode(frame, back) == DecodeError::None);
  }
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::span<const uint8_t> stream(data + 1, size - 1);
  const Result cut = run(stream, data[0], data[0] & 1);
  Result whole;  // the same stream in one chunk
  PacketAssembler a;
  whole.status = a.feed(stream, [&](std::span<const uint8_t> f) {
    whole.frames.emplace_back(f.begin(), f.end());
  });
  check(whole.status == cut.status);
  check(whole.frames == cut.frames);
  if (whole.status == PacketAssembler::Status::Ok) check(a.buffered() == cut.buffered);
  // Each whole input also goes straight to the decoders as one frame.
  if (size >= kHeaderSize && size <= kMaxFrame && frame_size({data, size}) == size)
    check_frame({data, size});
  return 0;
}
