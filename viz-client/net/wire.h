// wire.h — the client's use of the project's protocol library (server/protocol,
// iocplab::proto): builders for the frames it sends, optional-returning decoders for
// the frames it receives, and one-line descriptions for the packet table.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/flow_frames.h"
#include "protocol/packet_assembler.h"
#include "protocol/protocol.h"

namespace iocplab::client {

enum FrameType : uint8_t {
  CS_LOGIN = 1, CS_MOVE = 2, CS_CHAT = 3, CS_LOGOUT = 4, CS_OBSERVE = 5,
  SC_LOGIN_OK = 11, SC_LOGIN_FAIL = 12, SC_ADD_PLAYER = 13, SC_MOVE_PLAYER = 14,
  SC_REMOVE_PLAYER = 15, SC_CHAT = 16,
  SC_TELEMETRY_TOTALS = 17, SC_TELEMETRY_THREADS = 18, SC_TELEMETRY_RECV = 19,
  CS_STEP = 6, SC_STEP_WAITING = 20, SC_STEP_DONE = 21, SC_STEP_STATE = 22,  // --step only
  CS_FLOW = 7, SC_TELEMETRY_FLOW = 23,  // the flow view
};

using Frame = std::vector<uint8_t>;
using FrameView = std::span<const uint8_t>;
using StreamAssembler = proto::PacketAssembler;  // the same reassembly the server uses

using LoginOk = proto::ScLoginOk;
using AddPlayer = proto::ScAddPlayer;
using MovePlayer = proto::ScMovePlayer;
using Chat = proto::ScChat;
using TelemetryTotals = proto::ScTelemetryTotals;
using ThreadCounters = proto::ThreadRecord;
using TelemetryThreads = proto::ScTelemetryThreads;
using RecvChunkRecord = proto::RecvRecord;
using TelemetryRecv = proto::ScTelemetryRecv;

inline uint8_t frame_type(FrameView f) { return f.size() >= proto::kHeaderSize ? f[2] : 0; }
const char* type_name(uint8_t type);       // "SC_ADD_PLAYER", "UNKNOWN"
const char* login_fail_text(uint8_t reason);  // a sentence for the login screen

// --- client to server ---
Frame make_login(std::string_view name, std::string_view password);
Frame make_move(uint8_t dir, uint32_t seq, uint32_t client_time);
Frame make_chat(std::string_view text);  // cut to 200 bytes on a UTF-8 boundary
Frame make_logout();
Frame make_observe(bool on);
Frame make_step(uint8_t mode, uint16_t count);  // proto::StepMode: 0 run, 1 pause, 2 step
Frame make_flow(uint32_t id);                   // follow this player (0: ourselves)

// --- server to client: nullopt when the frame is not that packet or does not decode ---
std::optional<LoginOk> parse_login_ok(FrameView f);
std::optional<uint8_t> parse_login_fail(FrameView f);
std::optional<AddPlayer> parse_add_player(FrameView f);
std::optional<MovePlayer> parse_move_player(FrameView f);
std::optional<uint32_t> parse_remove_player(FrameView f);
std::optional<Chat> parse_chat(FrameView f);
std::optional<TelemetryTotals> parse_totals(FrameView f);
std::optional<TelemetryThreads> parse_threads(FrameView f);
std::optional<TelemetryRecv> parse_recv(FrameView f);
std::optional<proto::ScTelemetryFlow> parse_flow(FrameView f);

// One line of decoded fields for the packet table ("id=7 x=12 y=40").
std::string describe(FrameView f);

}  // namespace iocplab::client
