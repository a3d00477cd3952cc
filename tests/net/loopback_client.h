// loopback_client.h — a blocking test client over 127.0.0.1 (plain POSIX sockets, so it
// checks the server from outside the emulation). Every wait is bounded by a timeout.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace iocplab::testing {

class LoopbackClient {
 public:
  LoopbackClient() = default;
  ~LoopbackClient();
  LoopbackClient(LoopbackClient&& o) noexcept;
  LoopbackClient& operator=(LoopbackClient&& o) noexcept;
  LoopbackClient(const LoopbackClient&) = delete;
  LoopbackClient& operator=(const LoopbackClient&) = delete;

  bool connect(uint16_t port);
  bool send_all(std::span<const uint8_t> bytes);
  // The next whole frame (size taken from its header), or nullopt on end of stream,
  // error or timeout (see eof()).
  std::optional<std::vector<uint8_t>> read_frame(std::chrono::milliseconds timeout);
  // Exactly n bytes, or nullopt.
  std::optional<std::vector<uint8_t>> read_bytes(size_t n, std::chrono::milliseconds timeout);
  // Reads (and discards) until end of stream. True for a clean end of stream (FIN) with
  // no bytes left unread; false on timeout, reset, or data.
  bool wait_eof(std::chrono::milliseconds timeout);
  // Bytes still buffered in this client.
  size_t buffered() const { return buf_.size(); }
  bool eof() const { return eof_; }
  bool reset() const { return reset_; }
  void close();
  void half_close();  // shutdown(SHUT_WR)
  void set_recv_buffer(int bytes);  // before connect
  int fd() const { return fd_; }

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);  // reads once more
  int fd_ = -1;
  int rcvbuf_ = 0;
  bool eof_ = false, reset_ = false;
  std::vector<uint8_t> buf_;
};

}  // namespace iocplab::testing
