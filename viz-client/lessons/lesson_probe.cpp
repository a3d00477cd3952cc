#include "lesson_probe.h"

// Sockets through net/socket_util.h (BSD on Linux, Winsock on Windows); the few calls it
// has no wrapper for are chosen here.
#if !defined(_WIN32)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#endif

#include <chrono>
#include <cstring>
#include <vector>

#include "net/socket_util.h"
#include "net/wire.h"

namespace iocplab::client {
namespace {

using Sock = SocketHandle;

// A blocking loopback connection; kNoSocket on failure.
Sock connect_loopback(uint16_t port, int rcvbuf = 0) {
#if defined(_WIN32)
  start_sockets();
  Sock fd = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
#else
  Sock fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
#endif
  if (fd == kNoSocket) return kNoSocket;
  // Before connect, so the small window is what the connection negotiates.
  if (rcvbuf > 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, reinterpret_cast<const char*>(&rcvbuf), sizeof rcvbuf);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) { close_socket(fd); return kNoSocket; }
  set_nodelay(fd);
  return fd;
}

// send on a blocking socket, never raising SIGPIPE; dontwait: -1 rather than block.
long send_bytes(Sock fd, const void* data, size_t len, bool dontwait = false) {
#if defined(_WIN32)
  u_long nonblocking = dontwait ? 1 : 0;  // Winsock has no MSG_DONTWAIT
  if (dontwait) ioctlsocket(fd, FIONBIO, &nonblocking);
  long n = send(fd, static_cast<const char*>(data), int(len), 0);
  if (dontwait) {
    nonblocking = 0;
    ioctlsocket(fd, FIONBIO, &nonblocking);
  }
  return n;
#else
  return long(send(fd, data, len, MSG_NOSIGNAL | (dontwait ? MSG_DONTWAIT : 0)));
#endif
}

long recv_bytes(Sock fd, char* buf, size_t len) {
#if defined(_WIN32)
  return recv(fd, buf, int(len), 0);
#else
  return long(recv(fd, buf, len, 0));
#endif
}

// Reads what arrives within ms milliseconds (at most max bytes); ms 0 takes only what
// is already there.
std::string read_for(Sock fd, int ms, size_t max = 65536) {
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (out.size() < max) {
    int left = int(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
    if (ms > 0 && left <= 0) break;
    PollFd p{fd, POLLIN, 0};
    if (poll_sockets(&p, 1, left > 0 ? left : 0) <= 0) break;
    char buf[4096];
    long n = recv_bytes(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, size_t(n));
  }
  return out;
}

std::string printable(const std::string& s) {
  std::string out;
  for (unsigned char c : s) out += (c >= 32 && c < 127) || c >= 0x80 ? char(c) : c == '\n' ? '/' : '.';
  return out;
}

}  // namespace

std::string LessonProbe::log() const {
  std::lock_guard lock(mutex_);
  return log_;
}

void LessonProbe::say(const std::string& line) {
  std::lock_guard lock(mutex_);
  log_ += line + "\n";
}

void LessonProbe::join() {
  if (thread_.joinable()) thread_.join();
}

template <class F>
void LessonProbe::launch(F&& body) {
  if (busy_) return;
  join();
  busy_ = true;
  thread_ = std::thread([this, body = std::forward<F>(body)]() mutable {
    body();
    busy_ = false;
  });
}

void LessonProbe::echo(uint16_t port, std::string text) {
  launch([this, port, text] {
    Sock fd = connect_loopback(port);
    if (fd == kNoSocket) { say("echo: cannot connect to port " + std::to_string(port)); return; }
    say("echo: sent \"" + text + "\" (" + std::to_string(text.size()) + " bytes)");
    send_bytes(fd, text.data(), text.size());
    std::string back = read_for(fd, 1000, text.size());
    say("echo: got back " + std::to_string(back.size()) + " bytes: \"" + printable(back) + "\"" +
        (back == text ? "  (same bytes: the recv loop works)" : ""));
    close_socket(fd);
  });
}

void LessonProbe::fragmented(uint16_t port) {
  launch([this, port] {
    Sock fd = connect_loopback(port);
    if (fd == kNoSocket) { say("fragments: cannot connect to port " + std::to_string(port)); return; }
    Frame all;
    for (const char* t : {"first frame", "second, a bit longer frame", "third"}) {
      Frame f = make_chat(t);
      all.insert(all.end(), f.begin(), f.end());
    }
    say("fragments: 3 CS_CHAT frames, " + std::to_string(all.size()) + " bytes, sent 1..3 bytes at a time, 5 ms apart");
    size_t pieces = 0;
    for (size_t at = 0; at < all.size(); ++pieces) {
      size_t n = std::min<size_t>(1 + pieces % 3, all.size() - at);
      send_bytes(fd, all.data() + at, n);
      at += n;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));  // pacing, not synchronization
    }
    std::string back = read_for(fd, 1000);
    StreamAssembler asmb;
    int frames = 0;
    asmb.feed(FrameView(reinterpret_cast<const uint8_t*>(back.data()), back.size()), [&](FrameView) { frames++; });
    say("fragments: " + std::to_string(pieces) + " pieces sent; got back " + std::to_string(back.size()) +
        " bytes = " + std::to_string(frames) + " whole frames" + (frames == 3 ? " (reassembled correctly)" : ""));
    close_socket(fd);
  });
}

void LessonProbe::broadcast(uint16_t port) {
  launch([this, port] {
    Sock reader = connect_loopback(port), sender = connect_loopback(port), sleeper = connect_loopback(port, 4096);
    if (reader == kNoSocket || sender == kNoSocket || sleeper == kNoSocket) {
      say("broadcast: cannot connect three clients to port " + std::to_string(port));
      for (Sock fd : {reader, sender, sleeper}) if (fd != kNoSocket) close_socket(fd);
      return;
    }
    say("broadcast: 3 clients; one of them never reads (its socket buffer fills up)");
    Frame f = make_chat(std::string(180, 'x'));
    size_t sent = 0, got_bytes = 0;
    // Up to ~7 MB or 4 s: enough to fill the sleeper's kernel buffers and then the
    // server's queue for it. The reader and the sender keep reading, so only the sleeper
    // is slow.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(4);
    for (int i = 0; i < 40000 && std::chrono::steady_clock::now() < deadline; ++i) {
      if (send_bytes(sender, f.data(), f.size(), true) <= 0) {
        got_bytes += read_for(reader, 2, 1 << 20).size();
        read_for(sender, 1, 1 << 20);
        continue;
      }
      sent += f.size();
      if (i % 50 == 49) {
        got_bytes += read_for(reader, 0, 1 << 20).size();
        read_for(sender, 0, 1 << 20);
      }
    }
    // The server may lag behind the sender (a sanitizer build does): read until it has gone
    // quiet for 1.5 s (bounded: 12 s), so that the sleeper's share has reached its queue too.
    const auto relayed_by = std::chrono::steady_clock::now() + std::chrono::seconds(12);
    for (;;) {
      size_t more = read_for(reader, 1500, 1 << 24).size();
      got_bytes += more;
      if (more == 0 || std::chrono::steady_clock::now() >= relayed_by) break;
    }
    say("broadcast: sent " + std::to_string(sent) + " bytes; the reading client got " + std::to_string(got_bytes) +
        " bytes");
    // Whatever reached the sleeper before the cut is still in its buffer: read past it
    // to the end of the stream (or a reset) to know whether the server let it go.
    bool cut = false;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (std::chrono::steady_clock::now() < give_up) {
      PollFd p{sleeper, POLLIN, 0};
      if (poll_sockets(&p, 1, 200) <= 0) continue;
      char buf[65536];
      long r = recv_bytes(sleeper, buf, sizeof buf);
      if (r > 0) continue;
      cut = true;  // end of stream, or reset
      break;
    }
    say(std::string("broadcast: the non-reading client was ") +
        (cut ? "disconnected by the server (slow reader cut off)" : "still connected (its queue is held by the server)"));
    for (Sock fd : {reader, sender, sleeper}) close_socket(fd);
  });
}

void LessonProbe::stale_id(uint16_t port) {
  launch([this, port] {
    // Stage 11's first packet: the welcome (size 7, type 100, the ID as a u32).
    auto welcome_id = [](Sock fd) -> long {
      std::string w = read_for(fd, 1000, 7);
      if (w.size() != 7 || uint8_t(w[0]) != 7 || uint8_t(w[2]) != 100) return -1;
      uint32_t id;
      std::memcpy(&id, w.data() + 3, 4);
      return long(id);
    };
    auto describe = [](long id) {
      return std::to_string(id) + " (slot " + std::to_string(id & 0xFFFF) + ", generation " +
             std::to_string(id >> 16) + ")";
    };
    Sock first = connect_loopback(port);
    long old_id = first == kNoSocket ? -1 : welcome_id(first);
    if (first != kNoSocket) close_socket(first);
    if (old_id < 0) { say("stale id: no welcome packet from port " + std::to_string(port)); return; }
    say("stale id: a client got ID " + describe(old_id) + ", then left");
    // The slot is free once the server has its last completion: try a few times.
    long new_id = -1;
    Sock second = kNoSocket;
    for (int tries = 0; tries < 20 && second == kNoSocket; ++tries) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      Sock fd = connect_loopback(port);
      long id = fd == kNoSocket ? -1 : welcome_id(fd);
      if (id >= 0 && (id & 0xFFFF) == (old_id & 0xFFFF)) {
        second = fd;
        new_id = id;
      } else if (fd != kNoSocket) {
        close_socket(fd);
      }
    }
    if (second == kNoSocket) { say("stale id: the slot did not come free within a second"); return; }
    say("stale id: the next client in that slot got ID " + describe(new_id) +
        (new_id != old_id ? ": same slot, new ID; whatever still names " + std::to_string(old_id) +
                                " (a packet, a completion) reaches no one"
                          : ": the SAME ID, so a message for the old client would reach the new one"));
    close_socket(second);
  });
}

}  // namespace iocplab::client
