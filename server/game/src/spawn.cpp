#include "spawn.h"

#include <random>

namespace iocplab::game {

Position random_spawn(uint16_t world) {
  thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_int_distribution<int> d(0, world > 0 ? world - 1 : 0);
  return Position{uint16_t(d(rng)), uint16_t(d(rng))};
}

}  // namespace iocplab::game
