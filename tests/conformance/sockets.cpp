#include "sockets.h"

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

namespace conf {

namespace {
constexpr DWORD kPeerTimeoutMs = 10000;  // bound for the blocking peer-side calls
}

Socket tcp_socket() {
  return Socket(WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED));
}

sockaddr_in loopback_address(uint16_t port) {
  sockaddr_in addr;
  std::memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  return addr;
}

uint16_t local_port(SOCKET s) {
  sockaddr_in addr;
  std::memset(&addr, 0, sizeof addr);
  int len = sizeof addr;
  if (getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return 0;
  return ntohs(addr.sin_port);
}

Socket loopback_listener(uint16_t* port) {
  Socket s = tcp_socket();
  sockaddr_in addr = loopback_address(0);
  if (!s.valid() || bind(s.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(s.get(), 16) != 0) {
    return Socket();
  }
  *port = local_port(s.get());
  return s;
}

Socket connect_to(uint16_t port) {
  Socket s = tcp_socket();
  sockaddr_in addr = loopback_address(port);
  if (!s.valid() || connect(s.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    return Socket();
  }
  return s;
}

SocketPair connected_pair() {
  uint16_t port = 0;
  Socket listener = loopback_listener(&port);
  if (!listener.valid()) return {};
  SocketPair pair;
  pair.client = connect_to(port);
  if (!pair.client.valid()) return {};
  pair.server = Socket(accept(listener.get(), nullptr, nullptr));
  if (!pair.server.valid()) return {};
  set_io_timeouts(pair.client.get(), kPeerTimeoutMs);
  set_io_timeouts(pair.server.get(), kPeerTimeoutMs);
  return pair;
}

void set_io_timeouts(SOCKET s, DWORD ms) {
  DWORD value = ms;  // Windows takes a DWORD of milliseconds (not a timeval)
  const char* p = reinterpret_cast<const char*>(&value);
  setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, p, static_cast<int>(sizeof value));
  setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, p, static_cast<int>(sizeof value));
}

struct Watchdog::State {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  bool fired = false;
  std::thread thread;
};

Watchdog::Watchdog(SOCKET s, DWORD ms) : state_(new State) {
  state_->thread = std::thread([st = state_, s, ms] {
    std::unique_lock<std::mutex> lock(st->mu);
    if (!st->cv.wait_for(lock, std::chrono::milliseconds(ms), [st] { return st->done; })) {
      st->fired = true;
      shutdown(s, SD_BOTH);
    }
  });
}

Watchdog::~Watchdog() {
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    state_->done = true;
  }
  state_->cv.notify_one();
  state_->thread.join();
  delete state_;
}

bool Watchdog::fired() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->fired;
}

bool send_all(SOCKET s, const char* data, size_t size) {
  Watchdog guard(s, kPeerTimeoutMs);
  size_t done = 0;
  while (done < size) {
    size_t chunk = size - done < 65536 ? size - done : 65536;
    int n = send(s, data + done, static_cast<int>(chunk), 0);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

size_t recv_all(SOCKET s, char* data, size_t size) {
  Watchdog guard(s, kPeerTimeoutMs);
  size_t done = 0;
  while (done < size) {
    size_t chunk = size - done < 65536 ? size - done : 65536;
    int n = recv(s, data + done, static_cast<int>(chunk), 0);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

bool wait_readable(SOCKET s) {
  Watchdog guard(s, kPeerTimeoutMs);
  char byte = 0;
  return recv(s, &byte, 1, MSG_PEEK) == 1;
}

bool reset_on_close(SOCKET s) {
  linger lg;
  std::memset(&lg, 0, sizeof lg);
  lg.l_onoff = 1;
  lg.l_linger = 0;
  return setsockopt(s, SOL_SOCKET, SO_LINGER, reinterpret_cast<const char*>(&lg),
                    static_cast<int>(sizeof lg)) == 0;
}

int start_recv(SOCKET s, WSABUF* bufs, DWORD count, OVERLAPPED* ov) {
  DWORD flags = 0;
  if (WSARecv(s, bufs, count, nullptr, &flags, ov, nullptr) == 0) return 0;
  return WSAGetLastError();
}

int start_send(SOCKET s, WSABUF* bufs, DWORD count, OVERLAPPED* ov) {
  if (WSASend(s, bufs, count, nullptr, 0, ov, nullptr) == 0) return 0;
  return WSAGetLastError();
}

}  // namespace conf
