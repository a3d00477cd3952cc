// loopback_client_reads.cpp — the LoopbackClient reads both systems share: they only wait on
// fill(), the one place that touches the socket (loopback_client.cpp, loopback_client_win.cpp).
#include "loopback_client.h"

namespace iocplab::testing {

std::optional<std::vector<uint8_t>> LoopbackClient::read_bytes(size_t n, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (buf_.size() < n)
    if (!fill(deadline)) return std::nullopt;
  std::vector<uint8_t> out(buf_.begin(), buf_.begin() + static_cast<ptrdiff_t>(n));
  buf_.erase(buf_.begin(), buf_.begin() + static_cast<ptrdiff_t>(n));
  return out;
}

std::optional<std::vector<uint8_t>> LoopbackClient::read_frame(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (buf_.size() < 2)
    if (!fill(deadline)) return std::nullopt;
  size_t size = size_t(buf_[0]) | size_t(buf_[1]) << 8;
  if (size < 3) return std::nullopt;
  while (buf_.size() < size)
    if (!fill(deadline)) return std::nullopt;
  std::vector<uint8_t> out(buf_.begin(), buf_.begin() + static_cast<ptrdiff_t>(size));
  buf_.erase(buf_.begin(), buf_.begin() + static_cast<ptrdiff_t>(size));
  return out;
}

bool LoopbackClient::wait_eof(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!eof_ && std::chrono::steady_clock::now() < deadline) fill(deadline);
  return eof_ && !reset_;
}

}  // namespace iocplab::testing
