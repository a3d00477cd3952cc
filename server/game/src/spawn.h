// spawn.h — where a new account appears: a uniformly random tile.
#pragma once

#include <cstdint>

#include "online_names.h"

namespace iocplab::game {

Position random_spawn(uint16_t world);

}  // namespace iocplab::game
