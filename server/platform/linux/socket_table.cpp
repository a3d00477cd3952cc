// socket_table.cpp — per-fd socket state, allocated in chunks on first use, never freed.
#include <array>

#include "internal.h"

namespace iocplab::platform {

namespace {
constexpr int kChunkBits = 12;                 // 4096 sockets a chunk
constexpr int kChunkSize = 1 << kChunkBits;
constexpr int kChunks = 256;                   // up to 1M file descriptors

struct Chunk {
  std::array<SockState, kChunkSize> states;
};
std::array<std::atomic<Chunk*>, kChunks> g_chunks{};
}  // namespace

SockState* sock_state(int fd) {
  if (fd < 0 || fd >= kChunkSize * kChunks) return nullptr;
  auto& slot = g_chunks[static_cast<size_t>(fd >> kChunkBits)];
  Chunk* c = slot.load(std::memory_order_acquire);
  if (!c) {
    auto* fresh = new Chunk;
    if (slot.compare_exchange_strong(c, fresh, std::memory_order_acq_rel)) {
      c = fresh;
    } else {
      delete fresh;  // another thread won; c holds its chunk
    }
  }
  return &c->states[static_cast<size_t>(fd & (kChunkSize - 1))];
}

void sock_open(int fd) {
  SockState* s = sock_state(fd);
  if (!s) return;
  std::lock_guard lock(s->mu);
  sock_open_locked(*s, fd);
}

void sock_open_locked(SockState& s, int fd) {
  s.fd = fd;
  s.gen++;
  s.open = true;
  s.listening = false;
  s.port = nullptr;
  s.key = 0;
  s.recv_timeout_ms = 0;
  s.send_timeout_ms = 0;
  s.epoll_readable = true;
  s.epoll_hangup = false;
  s.uring_sends_in_kernel = 0;
  s.uring_close_holds = 0;
  s.accept_listener = -1;
  s.skip_port_on_success = false;
}

}  // namespace iocplab::platform
