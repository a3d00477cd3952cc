// loopback_client.h — a blocking test client over 127.0.0.1 (plain POSIX sockets, so it
// checks the server from outside the emulation; plain Winsock on Windows:
// loopback_client_win.cpp). Every wait is bounded by a timeout.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace iocplab::testing {

class LoopbackClient {
 public:
#if defined(_WIN32)
  using Fd = unsigned long long;  // a SOCKET
  static constexpr Fd kNoFd = ~0ull;
#else
  using Fd = int;
  static constexpr Fd kNoFd = -1;
#endif
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
  void set_source_address(const char* ipv4) { source_ = ipv4; }  // before connect, e.g. "127.0.0.2"
  uint16_t local_port() const;
  Fd fd() const { return fd_; }

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);  // reads once more
  Fd fd_ = kNoFd;
  int rcvbuf_ = 0;
  const char* source_ = nullptr;
  bool eof_ = false, reset_ = false;
  std::vector<uint8_t> buf_;
};

}  // namespace iocplab::testing
