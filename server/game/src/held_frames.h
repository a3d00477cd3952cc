// held_frames.h — PROTOCOL.md v1.1: frames behind a pending CS_LOGIN, kept back to back in
// one buffer whose capacity never passes the 65536 bytes the contract allows.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace iocplab::game {

constexpr size_t kMaxHeldBytes = 65536;  // the sum of the held frames' size fields

// False (nothing appended) if the frame would take the total past kMaxHeldBytes.
inline bool hold_frame(std::vector<uint8_t>& held, std::span<const uint8_t> frame) {
  const size_t need = held.size() + frame.size();
  if (need > kMaxHeldBytes) return false;
  if (need > held.capacity())  // doubling, capped: the capacity stays within the bound
    held.reserve(std::min(kMaxHeldBytes, std::max(need, held.capacity() * 2)));
  held.insert(held.end(), frame.begin(), frame.end());
  return true;
}

}  // namespace iocplab::game
