// player.h — one logged-in player as the world sees it.
#pragma once

#include <cstdint>
#include <string>

#include "net/session_sink.h"

namespace iocplab::game {

struct Player {
  Player(net::SessionId id_, std::string name_, uint16_t x_, uint16_t y_)
      : id(id_), name(std::move(name_)), x(x_), y(y_) {}

  const net::SessionId id;  // public id = the net session id
  const std::string name;   // account name, without padding
  // x, y: written only by the owning session (its calls never overlap) while it holds the
  // lock of every cell its move touches; read by others only under the lock of the cell
  // that holds the player; the owner may read them freely.
  uint16_t x;
  uint16_t y;
};

}  // namespace iocplab::game
