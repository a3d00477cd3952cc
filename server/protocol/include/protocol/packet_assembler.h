// packet_assembler.h — TCP byte stream in, whole frames out.
// Owns one fixed buffer of kMaxFrame bytes for the incomplete frame carried between chunks;
// whole frames inside a chunk are handed out in place (no copy, no allocation per frame).
// A frame's size field is checked (3..1024) as soon as its two bytes are known, before
// anything is waited for or copied on its account. One assembler per connection; not
// thread-safe (one recv outstanding per socket, so one caller at a time).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "protocol/protocol.h"

namespace iocplab::proto {

class PacketAssembler {
 public:
  enum class Status { Ok, BadSize };
  static constexpr size_t kMaxRecords = 64;  // recording ring size

  // Feed one received chunk. Calls on_frame(std::span<const uint8_t> whole_frame) for each
  // complete frame, in order (the span is valid only during the call; on_frame must not
  // feed this assembler again). Stops at the first size outside 3..1024 and returns
  // BadSize; the assembler then stays failed (every later feed returns BadSize) until
  // reset(). The caller closes the session.
  template <class F>
  Status feed(std::span<const uint8_t> chunk, F&& on_frame);

  size_t buffered() const { return held_; }  // bytes of an incomplete frame held
  bool failed() const { return failed_; }
  void reset();  // forget buffered bytes and failure (records and recv_index stay)

  // Optional recording for telemetry (SC_TELEMETRY_RECV): while on, each feed() adds a
  // RecvRecord (recv_index counts every feed since construction, from 1) to a ring of the
  // newest kMaxRecords; older ones are dropped and counted.
  void set_recording(bool on) { recording_ = on; }
  bool recording() const { return recording_; }
  // Returns the records (oldest first) and clears them; *dropped (if not null) gets the
  // number dropped from the ring since the last call.
  std::vector<RecvRecord> take_records(uint32_t* dropped);

 private:
  static bool valid_size(size_t size) { return size >= kHeaderSize && size <= kMaxFrame; }
  static size_t read_size(const uint8_t* p) { return size_t(p[0]) | size_t(p[1]) << 8; }
  void begin_chunk(size_t chunk_len);       // counts the recv, opens a record if recording
  void record_frame_end(size_t offset);     // offset within the current chunk
  Status fail();

  std::array<uint8_t, kMaxFrame> buf_{};  // the incomplete frame: buf_[0..held_)
  size_t held_ = 0;
  size_t expected_ = 0;  // size of the held frame once its two size bytes are in, else 0
  bool failed_ = false;

  bool recording_ = false;
  uint32_t recv_index_ = 0;
  std::array<RecvRecord, kMaxRecords> ring_{};
  size_t ring_start_ = 0, ring_count_ = 0;
  uint32_t ring_dropped_ = 0;
  RecvRecord* current_ = nullptr;  // the record of the chunk being fed, or null
};

template <class F>
PacketAssembler::Status PacketAssembler::feed(std::span<const uint8_t> chunk, F&& on_frame) {
  if (failed_) return Status::BadSize;
  begin_chunk(chunk.size());
  const uint8_t* data = chunk.data();
  const size_t len = chunk.size();
  size_t pos = 0;

  // 1. Complete the frame carried over from earlier chunks: its size bytes first.
  while (held_ > 0 && pos < len) {
    const size_t want = expected_ ? expected_ : 2;
    const size_t take = want - held_ < len - pos ? want - held_ : len - pos;
    std::memcpy(buf_.data() + held_, data + pos, take);
    held_ += take;
    pos += take;
    if (!expected_) {
      if (held_ < 2) break;
      expected_ = read_size(buf_.data());
      if (!valid_size(expected_)) return fail();
    } else if (held_ == expected_) {
      on_frame(std::span<const uint8_t>(buf_.data(), held_));
      held_ = expected_ = 0;
      record_frame_end(pos);
    }
  }
  if (held_ > 0) return Status::Ok;  // the whole chunk went into the carried frame

  // 2. Whole frames inside the chunk, handed out in place.
  while (len - pos >= 2) {
    const size_t size = read_size(data + pos);
    if (!valid_size(size)) return fail();
    if (len - pos < size) {
      expected_ = size;
      break;
    }
    on_frame(chunk.subspan(pos, size));
    pos += size;
    record_frame_end(pos);
  }

  // 3. Keep the start of an incomplete frame (< kMaxFrame bytes).
  held_ = len - pos;
  if (held_) std::memcpy(buf_.data(), data + pos, held_);
  if (held_ < 2) expected_ = 0;
  current_ = nullptr;
  return Status::Ok;
}

}  // namespace iocplab::proto
