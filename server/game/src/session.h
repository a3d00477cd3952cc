// session.h — what the game keeps per network session.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "net/session_sink.h"
#include "allowance.h"
#include "player.h"

namespace iocplab::game {

enum class Phase {
  AwaitLogin,    // opened; the first frame must be CS_LOGIN
  LoginPending,  // CS_LOGIN at the account store; later frames are held in order
  Playing,       // in the world
  Closing,       // close requested (logout, violation, failed login, timeout): frames ignored
  Closed,        // on_close ran
};

struct Session {
  explicit Session(net::SessionId id_) : id(id_) {}

  const net::SessionId id;
  // Serializes everything done for this session: its frames, its login answer, its close,
  // its telemetry. Lock order: a session lock may be held while taking world cell locks,
  // never the other way round.
  std::mutex lock;
  Phase phase = Phase::AwaitLogin;
  std::string name;                         // account name once CS_LOGIN was valid
  bool at_store = false;                    // its login is counted in OnlineNames::login_pending
  // Frames behind a pending login, back to back in one buffer (held_frames.h): its heap is
  // its wire bytes, at most kMaxHeldBytes, however small the frames.
  std::vector<uint8_t> held;
  std::unique_ptr<Player> player;           // in the world while Playing
  Allowance moves, chats;                   // --move-rate, --chat-rate; full at login
  bool observing = false;
  net::SessionId following = 0;  // the session whose flow this observer watches (CS_FLOW)
};

}  // namespace iocplab::game
