// test_support.h — helpers for the stage tests: a loopback client whose reads time out
// (through its own completion port, so no test can hang on a read), and a log watcher
// that waits for a server log line.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "completion.h"

// True for a stage's Windows build running under Wine (its ntdll exports wine_get_version):
// a test skips, with its reason, where Wine itself departs from Windows.
inline bool running_under_wine() {
#if defined(_WIN32)
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  return ntdll != nullptr && GetProcAddress(ntdll, "wine_get_version") != nullptr;
#else
  return false;
#endif
}

class TestClient {
 public:
  TestClient() {
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    port_ = create_completion_port();
  }
  ~TestClient() {
    close();
    CloseHandle(port_);
    WSACleanup();
  }
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  // receive_buffer > 0: a small receive buffer (set before connecting, so the window is small).
  bool connect(uint16_t port, int receive_buffer = 0) {
    s_ = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
    if (s_ == INVALID_SOCKET) return false;
    if (receive_buffer > 0)
      setsockopt(s_, SOL_SOCKET, SO_RCVBUF, reinterpret_cast<const char*>(&receive_buffer), (int)sizeof receive_buffer);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(s_, reinterpret_cast<sockaddr*>(&addr), (int)sizeof addr) != 0) return false;
    return CreateIoCompletionPort(reinterpret_cast<HANDLE>(s_), port_, 1, 0) != nullptr;
  }

  bool send_all(const std::string& data) {
    size_t sent = 0;
    while (sent < data.size()) {
      int n = ::send(s_, data.data() + sent, (int)(data.size() - sent), 0);
      if (n <= 0) return false;
      sent += (size_t)n;
    }
    return true;
  }

  // Up to `max` bytes into `out`. Returns the count, 0 when the server closed, -1 on an
  // error, -2 on timeout (the recv stays posted; the next call collects it).
  int recv_some(std::string& out, DWORD timeout_ms) {
    if (!pending_) {
      ov_ = {};
      wsabuf_.buf = buf_;
      wsabuf_.len = sizeof buf_;
      DWORD flags = 0;
      if (WSARecv(s_, &wsabuf_, 1, nullptr, &flags, &ov_, nullptr) == SOCKET_ERROR &&
          WSAGetLastError() != WSA_IO_PENDING)
        return -1;
      pending_ = true;
    }
    Completion c = dequeue_completion(port_, timeout_ms);
    if (c.overlapped == nullptr) return -2;
    pending_ = false;
    if (!c.ok) return -1;
    out.append(buf_, c.bytes);
    return (int)c.bytes;
  }

  // Reads until `n` bytes arrived; fewer means the server closed, an error or the timeout.
  std::string recv_exact(size_t n, int timeout_ms = 5000) {
    std::string out;
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (out.size() < n) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      if (recv_some(out, (DWORD)left.count()) <= 0) break;
    }
    return out;
  }

  // True when the server closes the connection within the timeout (data before it is dropped).
  bool wait_closed(int timeout_ms = 5000) {
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    std::string ignored;
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      int n = recv_some(ignored, (DWORD)left.count());
      if (n == 0 || n == -1) return true;
      if (n == -2) return false;
      ignored.clear();
    }
  }

  // Closes with a reset (linger 0 s) instead of a goodbye.
  void reset() {
    if (s_ == INVALID_SOCKET) return;
    linger hard{};
    hard.l_onoff = 1;
    hard.l_linger = 0;
    setsockopt(s_, SOL_SOCKET, SO_LINGER, reinterpret_cast<const char*>(&hard), (int)sizeof hard);
    close();
  }

  void close() {
    if (s_ == INVALID_SOCKET) return;
    closesocket(s_);
    s_ = INVALID_SOCKET;
    if (pending_) dequeue_completion(port_, 2000);  // the cancelled recv comes back
    pending_ = false;
  }

 private:
  HANDLE port_ = nullptr;
  SOCKET s_ = INVALID_SOCKET;
  OVERLAPPED ov_{};
  WSABUF wsabuf_{};
  char buf_[16384];
  bool pending_ = false;
};

// Collects log lines from the server (any thread) and waits for one that contains a text.
class LogWatcher {
 public:
  std::function<void(const std::string&)> sink() {
    return [this](const std::string& line) {
      std::lock_guard<std::mutex> guard(lock_);
      lines_.push_back(line);
      cv_.notify_all();
    };
  }
  bool wait_for(const std::string& text, int timeout_ms = 5000) { return wait_for_count(text, 1, timeout_ms); }
  // Waits until at least `n` lines contain `text`.
  bool wait_for_count(const std::string& text, int n, int timeout_ms = 5000) {
    std::unique_lock<std::mutex> guard(lock_);
    return cv_.wait_for(guard, std::chrono::milliseconds(timeout_ms), [&] { return count_locked(text) >= n; });
  }
  int count(const std::string& text) {
    std::lock_guard<std::mutex> guard(lock_);
    return count_locked(text);
  }
  std::string all() {
    std::lock_guard<std::mutex> guard(lock_);
    std::string out;
    for (auto& l : lines_) out += l + "\n";
    return out;
  }

 private:
  int count_locked(const std::string& text) {
    int n = 0;
    for (auto& l : lines_)
      if (l.find(text) != std::string::npos) ++n;
    return n;
  }
  std::mutex lock_;
  std::condition_variable cv_;
  std::vector<std::string> lines_;
};
