// api_sockets.cpp — Winsock calls: sockets, overlapped recv/send/accept, cancel, close.
#include <fcntl.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "internal.h"

using namespace iocplab::platform;

namespace {

int fail(DWORD err) {
  set_last_error(err);
  return SOCKET_ERROR;
}

int fail_errno() { return fail(wsa_error_from_errno(errno)); }

BOOL fail_false(DWORD err) {
  set_last_error(err);
  return FALSE;
}

// The state of an open socket, locked; null (and WSAENOTSOCK set) otherwise.
struct LockedSocket {
  SockState* s = nullptr;
  std::unique_lock<std::mutex> lock;
  explicit LockedSocket(SOCKET sock) {
    if (sock == INVALID_SOCKET) return;
    SockState* st = sock_state(static_cast<int>(sock));
    if (!st) return;
    lock = std::unique_lock(st->mu);
    if (st->open) s = st;
  }
  explicit operator bool() const { return s != nullptr; }
};

enum class Wait { Ready, Closed, TimedOut };

// Waits until fd is ready for `events`, the socket is closed by another thread (as
// closesocket unblocks a blocking call on Windows), or SO_RCVTIMEO/SO_SNDTIMEO passes.
Wait wait_ready(SOCKET sock, short events) {
  const int fd = static_cast<int>(sock);
  SockState* st = sock_state(fd);
  if (!st) return Wait::Closed;
  uint32_t gen;
  DWORD timeout_ms;
  {
    std::lock_guard lock(st->mu);
    if (!st->open) return Wait::Closed;
    gen = st->gen;
    timeout_ms = (events & POLLIN) ? st->recv_timeout_ms : st->send_timeout_ms;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    pollfd p{fd, events, 0};
    int r = ::poll(&p, 1, 100);
    std::lock_guard lock(st->mu);
    if (!st->open || st->gen != gen) return Wait::Closed;
    if (r > 0) return Wait::Ready;
    if (timeout_ms && std::chrono::steady_clock::now() >= deadline) return Wait::TimedOut;
  }
}

// The Winsock error for a blocking call that could not wait any longer.
DWORD wait_error(Wait w) { return w == Wait::TimedOut ? WSAETIMEDOUT : WSAEINTR; }

}  // namespace

int WSAStartup(WORD version, LPWSADATA data) {
  if (data) {
    std::memset(data, 0, sizeof *data);
    data->wVersion = version;
    data->wHighVersion = MAKEWORD(2, 2);
    std::strcpy(data->szDescription, "IOCP Lab Winsock emulation");
    std::strcpy(data->szSystemStatus, "Running");
  }
  return 0;
}

int WSACleanup() { return 0; }

SOCKET WSASocketW(int af, int type, int protocol, LPWSAPROTOCOL_INFOW, GROUP, DWORD) {
  int fd = ::socket(af, type | SOCK_CLOEXEC, protocol);
  if (fd < 0) {
    set_last_error(wsa_error_from_errno(errno));
    return INVALID_SOCKET;
  }
  sock_open(fd);
  return static_cast<SOCKET>(fd);
}

int closesocket(SOCKET sock) {
  LockedSocket ls(sock);
  if (!ls) return fail(WSAENOTSOCK);
  SockState& s = *ls.s;
  engine().abort_all(s);  // every pending operation completes with an error, once
  const int listener = s.accept_listener;  // an AcceptEx that would fill this socket
  const int fd = s.fd;
  const uint32_t gen = s.gen;
  s.accept_listener = -1;
  Port* port = s.port;
  s.open = false;
  s.gen++;
  s.port = nullptr;
  s.listening = false;
  if (s.uring_close_holds == 0) ::close(s.fd);  // else the engine closes it (see SockState)
  ls.lock.unlock();
  if (listener >= 0) {  // (the listener's lock is taken before an accept socket's, never after)
    LockedSocket ll(static_cast<SOCKET>(listener));
    if (ll) engine().cancel_accepts_into(*ll.s, fd, gen);
  }
  if (port) port->release();
  return 0;
}

int WSARecv(SOCKET sock, LPWSABUF bufs, DWORD count, LPDWORD received, LPDWORD flags,
            LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) {
  if (routine || !ov) return fail(WSAEOPNOTSUPP);  // only completion-port style I/O
  if (!bufs || count == 0) return fail(WSAEFAULT);
  LockedSocket ls(sock);
  if (!ls) return fail(WSAENOTSOCK);
  auto* op = new Op{OpKind::Recv};
  op->ov = ov;
  op->set_buffers(bufs, count);
  DWORD bytes = 0;
  int r = engine().start_recv(*ls.s, op, &bytes);
  if (r != 0) return fail(static_cast<DWORD>(r));
  if (received) *received = bytes;
  if (flags) *flags = 0;
  return 0;
}

int WSASend(SOCKET sock, LPWSABUF bufs, DWORD count, LPDWORD sent, DWORD /*flags*/,
            LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE routine) {
  if (routine || !ov) return fail(WSAEOPNOTSUPP);
  if (!bufs && count > 0) return fail(WSAEFAULT);
  LockedSocket ls(sock);
  if (!ls) return fail(WSAENOTSOCK);
  auto* op = new Op{OpKind::Send};
  op->ov = ov;
  op->set_buffers(bufs, count);
  DWORD bytes = 0;
  int r = engine().start_send(*ls.s, op, &bytes);
  if (r != 0) return fail(static_cast<DWORD>(r));
  if (sent) *sent = bytes;
  return 0;
}

BOOL AcceptEx(SOCKET listen_sock, SOCKET accept_sock, PVOID out_buf, DWORD recv_len,
              DWORD local_len, DWORD remote_len, LPDWORD received, LPOVERLAPPED ov) {
  // Receiving the first bytes with the accept is not supported: see docs/PLATFORM.md.
  if (recv_len != 0 || !ov) return fail_false(WSAEOPNOTSUPP);
  if (!out_buf || local_len < sizeof(sockaddr_in) + 16 || remote_len < sizeof(sockaddr_in) + 16)
    return fail_false(WSAEINVAL);
  SockState* as = sock_state(static_cast<int>(accept_sock));
  if (!as || accept_sock == INVALID_SOCKET || accept_sock == listen_sock) return fail_false(WSAENOTSOCK);
  LockedSocket ls(listen_sock);
  if (!ls) return fail_false(WSAENOTSOCK);
  if (!ls.s->listening) return fail_false(WSAEINVAL);
  uint32_t accept_gen;
  {
    std::lock_guard al(as->mu);  // listener first, then the accept socket
    if (!as->open) return fail_false(WSAENOTSOCK);
    accept_gen = as->gen;
    as->accept_listener = ls.s->fd;
  }
  auto* op = new Op{OpKind::Accept};
  op->ov = ov;
  op->accept_fd = static_cast<int>(accept_sock);
  op->accept_gen = accept_gen;
  op->addr_buf = static_cast<char*>(out_buf);
  op->local_len = local_len;
  op->remote_len = remote_len;
  int r = engine().start_accept(*ls.s, op);
  if (r != 0) return fail_false(static_cast<DWORD>(r));
  if (received) *received = 0;
  return TRUE;
}

void GetAcceptExSockaddrs(PVOID out_buf, DWORD recv_len, DWORD local_len, DWORD /*remote_len*/,
                          sockaddr** local, LPINT local_size, sockaddr** remote, LPINT remote_size) {
  char* base = static_cast<char*>(out_buf) + recv_len;
  auto read_slot = [](char* slot, sockaddr** addr, LPINT size) {
    int32_t n;
    std::memcpy(&n, slot, sizeof n);
    if (addr) *addr = reinterpret_cast<sockaddr*>(slot + sizeof n);
    if (size) *size = n;
  };
  read_slot(base, local, local_size);
  read_slot(base + local_len, remote, remote_size);
}

namespace {
// Linux takes keepalive times in whole seconds, at least 1; Windows in milliseconds.
int keepalive_seconds(ULONG ms) { return static_cast<int>(std::max<ULONG>(1, (ms + 999) / 1000)); }

// SIO_KEEPALIVE_VALS: keepalive on or off, and when on, its idle time and interval.
int set_keepalive_vals(SOCKET sock, const tcp_keepalive& ka) {
  const int fd = static_cast<int>(sock);
  int on = ka.onoff ? 1 : 0;
  if (::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on) != 0) return fail_errno();
  if (!on) return 0;
  int idle = keepalive_seconds(ka.keepalivetime);
  int interval = keepalive_seconds(ka.keepaliveinterval);
  if (::setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle) != 0 ||
      ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval) != 0)
    return fail_errno();
  return 0;
}
}  // namespace

int WSAIoctl(SOCKET sock, DWORD code, LPVOID in, DWORD in_len, LPVOID out, DWORD out_len,
             LPDWORD returned, LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE) {
  if (code == SIO_KEEPALIVE_VALS) {
    if (!in || in_len < sizeof(tcp_keepalive)) return fail(WSAEFAULT);
    if (!LockedSocket(sock)) return fail(WSAENOTSOCK);
    tcp_keepalive ka;
    std::memcpy(&ka, in, sizeof ka);
    if (set_keepalive_vals(sock, ka) != 0) return SOCKET_ERROR;
    if (returned) *returned = 0;
    return 0;
  }
  if (code != SIO_GET_EXTENSION_FUNCTION_POINTER) return fail(WSAEOPNOTSUPP);
  if (!in || in_len < sizeof(GUID) || !out || out_len < sizeof(void*)) return fail(WSAEFAULT);
  const GUID accept_ex = WSAID_ACCEPTEX;
  const GUID get_addrs = WSAID_GETACCEPTEXSOCKADDRS;
  const GUID& want = *static_cast<const GUID*>(in);
  if (want == accept_ex) {
    LPFN_ACCEPTEX fn = &AcceptEx;
    std::memcpy(out, &fn, sizeof fn);
  } else if (want == get_addrs) {
    LPFN_GETACCEPTEXSOCKADDRS fn = &GetAcceptExSockaddrs;
    std::memcpy(out, &fn, sizeof fn);
  } else {
    return fail(WSAEINVAL);
  }
  if (returned) *returned = sizeof(void*);
  return 0;
}

BOOL CancelIoEx(HANDLE h, LPOVERLAPPED ov) {
  LockedSocket ls(static_cast<SOCKET>(reinterpret_cast<intptr_t>(h)));
  if (!ls) {
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  if (!engine().cancel(*ls.s, ov)) {
    set_last_error(ERROR_NOT_FOUND);
    return FALSE;
  }
  return TRUE;
}

BOOL SetFileCompletionNotificationModes(HANDLE h, UCHAR flags) {
  if (flags & ~(FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | FILE_SKIP_SET_EVENT_ON_HANDLE))
    return fail_false(ERROR_INVALID_PARAMETER);
  LockedSocket ls(static_cast<SOCKET>(reinterpret_cast<intptr_t>(h)));
  if (!ls) return fail_false(ERROR_INVALID_HANDLE);
  if (flags & FILE_SKIP_COMPLETION_PORT_ON_SUCCESS) ls.s->skip_port_on_success = true;  // never cleared
  return TRUE;
}

BOOL WSAGetOverlappedResult(SOCKET, LPWSAOVERLAPPED ov, LPDWORD transferred, BOOL, LPDWORD flags) {
  if (!ov) return fail_false(WSAEFAULT);
  if (transferred) *transferred = static_cast<DWORD>(ov->InternalHigh);
  if (flags) *flags = 0;
  if (ov->Internal != 0) return fail_false(wsa_error_from_completion(static_cast<DWORD>(ov->Internal)));
  return TRUE;
}

// --- Winsock-shaped BSD calls ---

int bind(SOCKET s, const sockaddr* name, int namelen) {
  return ::bind(static_cast<int>(s), name, static_cast<socklen_t>(namelen)) == 0 ? 0 : fail_errno();
}

int listen(SOCKET sock, int backlog) {
  LockedSocket ls(sock);
  if (!ls) return fail(WSAENOTSOCK);
  if (::listen(ls.s->fd, backlog) != 0) return fail_errno();
  // Accepts are attempted without blocking; a blocking accept() waits with poll.
  ::fcntl(ls.s->fd, F_SETFL, ::fcntl(ls.s->fd, F_GETFL) | O_NONBLOCK);
  ls.s->listening = true;
  return 0;
}

int connect(SOCKET s, const sockaddr* name, int namelen) {
  for (;;) {
    if (::connect(static_cast<int>(s), name, static_cast<socklen_t>(namelen)) == 0) return 0;
    if (errno != EINTR) return fail_errno();
  }
}

SOCKET accept(SOCKET sock, sockaddr* addr, int* addrlen) {
  for (;;) {
    if (Wait w = wait_ready(sock, POLLIN); w != Wait::Ready) {
      set_last_error(wait_error(w));  // closed by another thread, as on Windows
      return INVALID_SOCKET;
    }
    socklen_t len = addrlen ? static_cast<socklen_t>(*addrlen) : 0;
    int fd = ::accept4(static_cast<int>(sock), addr, addrlen ? &len : nullptr, SOCK_CLOEXEC);
    if (fd >= 0) {
      if (addrlen) *addrlen = static_cast<int>(len);
      sock_open(fd);
      return static_cast<SOCKET>(fd);
    }
    if (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED) continue;
    set_last_error(wsa_error_from_errno(errno));
    return INVALID_SOCKET;
  }
}

int setsockopt(SOCKET s, int level, int optname, const char* optval, int optlen) {
  if (level == SOL_SOCKET && (optname == SO_UPDATE_ACCEPT_CONTEXT || optname == SO_UPDATE_CONNECT_CONTEXT))
    return 0;  // Linux sockets carry their context already
  if (level == SOL_SOCKET && (optname == SO_RCVTIMEO || optname == SO_SNDTIMEO)) {
    // Windows takes a DWORD of milliseconds; a Linux timeval is understood too. The
    // blocking calls here wait with poll, so they keep the value themselves.
    DWORD ms;
    if (optval && optlen == static_cast<int>(sizeof(timeval))) {
      timeval tv;
      std::memcpy(&tv, optval, sizeof tv);
      ms = static_cast<DWORD>(tv.tv_sec * 1000 + tv.tv_usec / 1000);
    } else if (optval && optlen >= static_cast<int>(sizeof(DWORD))) {
      std::memcpy(&ms, optval, sizeof ms);
    } else {
      return fail(WSAEFAULT);
    }
    LockedSocket ls(s);
    if (!ls) return fail(WSAENOTSOCK);
    (optname == SO_RCVTIMEO ? ls.s->recv_timeout_ms : ls.s->send_timeout_ms) = ms;
    return 0;
  }
  if (level == IPPROTO_TCP && optname == TCP_MAXRT) {
    // Windows: a DWORD of seconds before unacknowledged data ends the connection (0 or
    // -1: the system's default). Linux: TCP_USER_TIMEOUT in milliseconds (0: default).
    DWORD seconds;
    if (!optval || optlen < static_cast<int>(sizeof seconds)) return fail(WSAEFAULT);
    std::memcpy(&seconds, optval, sizeof seconds);
    unsigned ms = seconds == 0xFFFFFFFFu ? 0u : static_cast<unsigned>(std::min<uint64_t>(uint64_t{seconds} * 1000, INT32_MAX));
    return ::setsockopt(static_cast<int>(s), IPPROTO_TCP, TCP_USER_TIMEOUT, &ms, sizeof ms) == 0 ? 0 : fail_errno();
  }
  return ::setsockopt(static_cast<int>(s), level, optname, static_cast<const void*>(optval), static_cast<socklen_t>(optlen)) == 0
             ? 0 : fail_errno();
}

int getsockopt(SOCKET s, int level, int optname, char* optval, int* optlen) {
  if (level == SOL_SOCKET && (optname == SO_RCVTIMEO || optname == SO_SNDTIMEO)) {
    if (!optval || !optlen || *optlen < static_cast<int>(sizeof(DWORD))) return fail(WSAEFAULT);
    LockedSocket ls(s);
    if (!ls) return fail(WSAENOTSOCK);
    DWORD ms = optname == SO_RCVTIMEO ? ls.s->recv_timeout_ms : ls.s->send_timeout_ms;
    std::memcpy(optval, &ms, sizeof ms);
    *optlen = sizeof ms;
    return 0;
  }
  if (level == IPPROTO_TCP && optname == TCP_MAXRT) {
    if (!optval || !optlen || *optlen < static_cast<int>(sizeof(DWORD))) return fail(WSAEFAULT);
    unsigned ms = 0;
    socklen_t len = sizeof ms;
    if (::getsockopt(static_cast<int>(s), IPPROTO_TCP, TCP_USER_TIMEOUT, &ms, &len) != 0) return fail_errno();
    DWORD seconds = (ms + 999) / 1000;
    std::memcpy(optval, &seconds, sizeof seconds);
    *optlen = sizeof seconds;
    return 0;
  }
  socklen_t len = optlen ? static_cast<socklen_t>(*optlen) : 0;
  if (::getsockopt(static_cast<int>(s), level, optname, static_cast<void*>(optval), &len) != 0) return fail_errno();
  if (optlen) *optlen = static_cast<int>(len);
  return 0;
}

int getsockname(SOCKET s, sockaddr* name, int* namelen) {
  socklen_t len = namelen ? static_cast<socklen_t>(*namelen) : 0;
  if (::getsockname(static_cast<int>(s), name, &len) != 0) return fail_errno();
  if (namelen) *namelen = static_cast<int>(len);
  return 0;
}

int getpeername(SOCKET s, sockaddr* name, int* namelen) {
  socklen_t len = namelen ? static_cast<socklen_t>(*namelen) : 0;
  if (::getpeername(static_cast<int>(s), name, &len) != 0) return fail_errno();
  if (namelen) *namelen = static_cast<int>(len);
  return 0;
}

int shutdown(SOCKET s, int how) {
  return ::shutdown(static_cast<int>(s), how) == 0 ? 0 : fail_errno();
}

int recv(SOCKET sock, char* buf, int len, int flags) {
  for (;;) {
    ssize_t n = ::recv(static_cast<int>(sock), static_cast<void*>(buf), static_cast<size_t>(len), flags | MSG_DONTWAIT);
    if (n >= 0) return static_cast<int>(n);
    if (errno == EINTR) continue;
    if (errno != EAGAIN) return fail_errno();
    if (Wait w = wait_ready(sock, POLLIN); w != Wait::Ready) return fail(wait_error(w));
  }
}

int send(SOCKET sock, const char* buf, int len, int flags) {
  int sent = 0;
  while (sent < len) {
    ssize_t n = ::send(static_cast<int>(sock), static_cast<const void*>(buf + sent), static_cast<size_t>(len - sent),
                       flags | MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n >= 0) {
      sent += static_cast<int>(n);
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN) return fail_errno();
    if (Wait w = wait_ready(sock, POLLOUT); w != Wait::Ready) return fail(wait_error(w));
  }
  return sent;
}
