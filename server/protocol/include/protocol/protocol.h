// protocol.h — wire protocol v1: frame header, one struct per packet, encode/decode,
// field validation. Portable C++20, no sockets. The contract is /work/shared/PROTOCOL.md
// (explained in docs/PROTOCOL.md) plus the telemetry frames of docs/TELEMETRY.md.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace iocplab::proto {

constexpr size_t kHeaderSize = 3;   // size:u16 + type:u8
constexpr size_t kMaxFrame = 1024;  // largest valid frame, header included
constexpr size_t kFieldLen = 20;    // name[20], password[20]
constexpr size_t kMaxChat = 200;    // chat text bytes
constexpr size_t kMaxThreadRecords = 32;  // SC_TELEMETRY_THREADS count limit

enum class Type : uint8_t {
  CsLogin = 1, CsMove = 2, CsChat = 3, CsLogout = 4, CsObserve = 5,
  ScLoginOk = 11, ScLoginFail = 12, ScAddPlayer = 13, ScMovePlayer = 14,
  ScRemovePlayer = 15, ScChat = 16,
  ScTelemetryTotals = 17, ScTelemetryThreads = 18, ScTelemetryRecv = 19,
  // The teaching step mode (protocol/step_frames.h, docs/STEP.md).
  CsStep = 6, ScStepWaiting = 20, ScStepDone = 21, ScStepState = 22,
  // The flow view (protocol/flow_frames.h, docs/TELEMETRY.md).
  CsFlow = 7, ScTelemetryFlow = 23,
};
enum class Dir : uint8_t { Up = 0, Down = 1, Left = 2, Right = 3 };
// 5 and 6: PROTOCOL.md v1.1 (a name locked after repeated wrong passwords; the account
// store could not answer).
enum class LoginFail : uint8_t {
  WrongPassword = 1, AlreadyLoggedIn = 2, ServerFull = 3, InvalidField = 4, NameLocked = 5, StoreError = 6
};

// "CS_LOGIN", "SC_TELEMETRY_RECV", ...; "?" for a type this protocol does not define.
const char* type_name(uint8_t type);
bool known_type(uint8_t type);

// ---- packets: the payload fields of PROTOCOL.md / TELEMETRY.md ----

// Each packet compares field by field (==), for tests and tools.
#define IOCPLAB_PROTO_EQ(T) friend bool operator==(const T&, const T&) = default

struct CsLogin {  // raw fields: check them with valid_name_field / valid_password_field
  std::array<char, kFieldLen> name{};
  std::array<char, kFieldLen> password{};
  IOCPLAB_PROTO_EQ(CsLogin);
};
struct CsMove {
  uint8_t dir = 0;  // Dir
  uint32_t seq = 0, client_time = 0;
  IOCPLAB_PROTO_EQ(CsMove);
};
struct CsChat {
  std::string text;  // 1..200 bytes of UTF-8
  IOCPLAB_PROTO_EQ(CsChat);
};
struct CsLogout {
  IOCPLAB_PROTO_EQ(CsLogout);
};
struct CsObserve {
  uint8_t on = 0;  // 0 or 1
  IOCPLAB_PROTO_EQ(CsObserve);
};

struct ScLoginOk {
  uint32_t id = 0;
  uint16_t x = 0, y = 0, world_w = 0, world_h = 0, view = 0;
  IOCPLAB_PROTO_EQ(ScLoginOk);
};
struct ScLoginFail {
  uint8_t reason = 0;  // LoginFail
  IOCPLAB_PROTO_EQ(ScLoginFail);
};
struct ScAddPlayer {
  uint32_t id = 0;
  uint16_t x = 0, y = 0;
  std::string name;  // 1..20 bytes; the wire field is NUL-padded
  IOCPLAB_PROTO_EQ(ScAddPlayer);
};
struct ScMovePlayer {
  uint32_t id = 0;
  uint16_t x = 0, y = 0;
  uint32_t seq = 0, client_time = 0;
  IOCPLAB_PROTO_EQ(ScMovePlayer);
};
struct ScRemovePlayer {
  uint32_t id = 0;
  IOCPLAB_PROTO_EQ(ScRemovePlayer);
};
struct ScChat {
  uint32_t id = 0;
  std::string text;  // 1..200 bytes of UTF-8
  IOCPLAB_PROTO_EQ(ScChat);
};

struct ScTelemetryTotals {
  uint32_t uptime_ms = 0, sessions = 0, slots_in_use = 0, max_sessions = 0, players_online = 0;
  uint64_t packets_in = 0, packets_out = 0, bytes_in = 0, bytes_out = 0;
  uint64_t stale_drops = 0, violations = 0, slow_readers = 0, login_timeouts = 0;
  IOCPLAB_PROTO_EQ(ScTelemetryTotals);
};
struct ThreadRecord {  // 29 bytes on the wire
  uint8_t index = 0;
  uint32_t accepts = 0, recvs = 0, sends = 0, posted = 0, errors = 0, busy_us = 0, wait_us = 0;
  IOCPLAB_PROTO_EQ(ThreadRecord);
};
struct ScTelemetryThreads {
  uint32_t uptime_ms = 0;
  std::vector<ThreadRecord> threads;  // at most 32
  IOCPLAB_PROTO_EQ(ScTelemetryThreads);
};
struct RecvRecord {  // 9 + 2 * frame_end.size() bytes on the wire
  uint32_t recv_index = 0;
  uint16_t chunk_len = 0, carry_in = 0;
  std::vector<uint16_t> frame_end;  // end offset of each frame completed, 1..chunk_len
  IOCPLAB_PROTO_EQ(RecvRecord);
};
struct ScTelemetryRecv {
  uint8_t dropped = 0;
  std::vector<RecvRecord> chunks;
  IOCPLAB_PROTO_EQ(ScTelemetryRecv);
};

#undef IOCPLAB_PROTO_EQ

// Frame sizes, header included.
constexpr size_t kLoginSize = 43, kMoveSize = 12, kLogoutSize = 3, kObserveSize = 4;
constexpr size_t kLoginOkSize = 17, kLoginFailSize = 4, kAddPlayerSize = 31;
constexpr size_t kMovePlayerSize = 19, kRemovePlayerSize = 7;
constexpr size_t kTotalsSize = 87;
constexpr size_t kThreadsBaseSize = 9, kThreadRecordSize = 29;  // 3 + uptime 4 + count 1 + pad 1
constexpr size_t kRecvBaseSize = 5, kRecvRecordBaseSize = 9;    // + 2 per frame_end

// ---- encode: appends one whole frame (header included) to out ----
// Encoders do not validate: they write what they are given, so tests can build frames
// the server must reject. Only what cannot be represented is cut: text beyond what fits
// in kMaxFrame, a name beyond 20 bytes, thread records beyond 32. SC_TELEMETRY_RECV keeps
// the newest chunk records that fit in kMaxFrame (oldest first) and adds the ones left
// out (and any record with more than 255 frames) to `dropped`, saturating at 255.
void encode(std::vector<uint8_t>& out, const CsLogin& p);
void encode(std::vector<uint8_t>& out, const CsMove& p);
void encode(std::vector<uint8_t>& out, const CsChat& p);
void encode(std::vector<uint8_t>& out, const CsLogout& p);
void encode(std::vector<uint8_t>& out, const CsObserve& p);
void encode(std::vector<uint8_t>& out, const ScLoginOk& p);
void encode(std::vector<uint8_t>& out, const ScLoginFail& p);
void encode(std::vector<uint8_t>& out, const ScAddPlayer& p);
void encode(std::vector<uint8_t>& out, const ScMovePlayer& p);
void encode(std::vector<uint8_t>& out, const ScRemovePlayer& p);
void encode(std::vector<uint8_t>& out, const ScChat& p);
void encode(std::vector<uint8_t>& out, const ScTelemetryTotals& p);
void encode(std::vector<uint8_t>& out, const ScTelemetryThreads& p);
void encode(std::vector<uint8_t>& out, const ScTelemetryRecv& p);

// One packet as a fresh byte vector.
template <class Packet>
std::vector<uint8_t> to_bytes(const Packet& p) {
  std::vector<uint8_t> out;
  encode(out, p);
  return out;
}

// Name and password copied into NUL-padded 20-byte fields (cut at 20 bytes).
CsLogin make_login(std::string_view name, std::string_view password);

// ---- decode: frame = one whole frame, header included ----
enum class DecodeError : uint8_t {
  None,
  BadSize,           // frame shorter than 3, longer than 1024, or size field != frame.size()
  UnknownType,       // type byte not defined by this protocol
  WrongSizeForType,  // size is not the exact size (or in the range) for its type
  FieldOutOfRange,   // dir > 3, on > 1, login-fail reason, x/y outside the world, counts...
  BadText,           // chat text not valid UTF-8; SC_ADD_PLAYER name field invalid
  TypeMismatch,      // a known type, but not the one this overload decodes
};
const char* to_string(DecodeError e);

DecodeError decode(std::span<const uint8_t> frame, CsLogin& out);  // raw fields: check them with valid_*_field
DecodeError decode(std::span<const uint8_t> frame, CsMove& out);
DecodeError decode(std::span<const uint8_t> frame, CsChat& out);
DecodeError decode(std::span<const uint8_t> frame, CsLogout& out);
DecodeError decode(std::span<const uint8_t> frame, CsObserve& out);
DecodeError decode(std::span<const uint8_t> frame, ScLoginOk& out);
DecodeError decode(std::span<const uint8_t> frame, ScLoginFail& out);
DecodeError decode(std::span<const uint8_t> frame, ScAddPlayer& out);
DecodeError decode(std::span<const uint8_t> frame, ScMovePlayer& out);
DecodeError decode(std::span<const uint8_t> frame, ScRemovePlayer& out);
DecodeError decode(std::span<const uint8_t> frame, ScChat& out);
DecodeError decode(std::span<const uint8_t> frame, ScTelemetryTotals& out);
DecodeError decode(std::span<const uint8_t> frame, ScTelemetryThreads& out);
DecodeError decode(std::span<const uint8_t> frame, ScTelemetryRecv& out);

// Any packet, chosen by the frame's type byte (for clients, tools and tests).
using Packet = std::variant<CsLogin, CsMove, CsChat, CsLogout, CsObserve, ScLoginOk, ScLoginFail,
                            ScAddPlayer, ScMovePlayer, ScRemovePlayer, ScChat, ScTelemetryTotals,
                            ScTelemetryThreads, ScTelemetryRecv>;
DecodeError decode_any(std::span<const uint8_t> frame, Packet& out);
void encode(std::vector<uint8_t>& out, const Packet& p);

// Only the frame's shape: None for a client-to-server type (1..7, step and flow included)
// with a size its type allows; BadSize, UnknownType (also a server-to-client type) or
// WrongSizeForType otherwise. Fields are not looked at.
DecodeError client_frame_shape(std::span<const uint8_t> frame);

// Header fields. frame_size needs at least 2 bytes, frame_type at least 3.
uint16_t frame_size(std::span<const uint8_t> header);
uint8_t frame_type(std::span<const uint8_t> frame);

// ---- validation: PROTOCOL.md "Names" rules ----
// RFC 3629: no overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
bool valid_utf8(std::string_view s);
// Chat text: 1..200 bytes of valid UTF-8.
bool valid_chat_text(std::string_view s);
// Name field: text up to the first NUL (or all 20 bytes), only NULs after it, 1..20 bytes
// of valid UTF-8 without control characters (U+0000..U+001F, U+007F..U+009F).
// On success stores the name (without padding) in *name_out when not null.
bool valid_name_field(const std::array<char, kFieldLen>& field, std::string* name_out);
// Password field: 1..20 non-NUL bytes, only NULs after the first NUL.
bool valid_password_field(const std::array<char, kFieldLen>& field, std::string* pw_out);

}  // namespace iocplab::proto
