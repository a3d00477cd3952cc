// bot.h — one simulated player: its socket, login state, the moves it is waiting to see
// echoed, and its own reassembly buffer. Owned by exactly one BotLoop.
#pragma once

#include <array>
#include <cstdint>

#include "bot_socket.h"
#include "protocol/packet_assembler.h"

namespace iocplab::stress {

enum class BotState : uint8_t { Connecting, LoggingIn, Online, Dead };

struct Bot {
  static constexpr uint32_t kPending = 8;  // moves remembered for a precise delay

  BotSocket fd = kNoSocket;
  BotState state = BotState::Connecting;
  uint32_t number = 0;  // the n of <prefix><n>
  uint32_t id = 0;      // from SC_LOGIN_OK
  uint32_t seq = 0;     // last CS_MOVE seq sent
  uint64_t started_us = 0;  // when its connect began
  // Send time (us, 0 = none waiting) of move seq, in slot seq % kPending.
  std::array<uint64_t, kPending> sent_us{};
  std::array<uint32_t, kPending> sent_seq{};
  uint8_t overdue = 0;  // bit per slot: already counted as overdue in a window
  // Bytes the socket did not take yet (a full socket means the server is not reading).
  uint8_t out_len = 0;
  std::array<uint8_t, 96> out{};
  proto::PacketAssembler assembler;
};

}  // namespace iocplab::stress
