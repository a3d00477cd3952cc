// server.cpp — stage 10's server, accepting with AcceptEx through the port (no accept thread).
#include "server.h"

#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstring>

// [lesson:skeleton]
bool Server::start(const ServerConfig& config) {
  config_ = config;
  clients_ = std::make_unique<Client[]>(config_.max_clients);  // the client array

  port_ = create_completion_port();                            // 1. the completion port
  if (port_ == nullptr) return false;
  int count = config_.workers > 0 ? config_.workers : default_worker_count();
  workers_.start(port_, count, [this](const Completion& c, int worker) {  // 2. the workers
    on_completion(c, worker);
  });
  WSADATA wsa;                                                 // 3. the network: Winsock,
  if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return false;
  winsock_started_ = true;
  if (!open_listener(config_.port)) return false;              //    the listening socket
  // [lesson:start-accepts]
  // The listening socket on the port too: its AcceptEx completions come to the workers.
  if (CreateIoCompletionPort(reinterpret_cast<HANDLE>(listen_socket_), port_, kListenKey, 0) == nullptr)
    return false;
  accepts_ = std::make_unique<IoContext[]>(config_.accepts);
  for (int i = 0; i < config_.accepts; ++i)  //    and several accepts posted at once
    if (!post_accept(accepts_[i])) return false;
  // [/lesson:start-accepts]
  return true;
}
// [/lesson:skeleton]

// [lesson:listen]
bool Server::open_listener(uint16_t port) {
  listen_socket_ = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
  if (listen_socket_ == INVALID_SOCKET) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // this machine only; INADDR_ANY lets others in
  if (bind(listen_socket_, reinterpret_cast<sockaddr*>(&addr), (int)sizeof addr) == SOCKET_ERROR)
    return false;
  if (listen(listen_socket_, SOMAXCONN) == SOCKET_ERROR) return false;
  int len = (int)sizeof addr;  // port 0: ask which port the system gave us
  if (getsockname(listen_socket_, reinterpret_cast<sockaddr*>(&addr), &len) == SOCKET_ERROR)
    return false;
  port_number_ = ntohs(addr.sin_port);
  return true;
}
// [/lesson:listen]

// [lesson:post-accept]
// AcceptEx takes a socket we made ourselves and a buffer for the two addresses (each
// 16 bytes more than a sockaddr_in, as the documentation asks); 0 bytes of data, so it
// completes as soon as a client connects, not when it first sends.
constexpr DWORD kAddressSize = sizeof(sockaddr_in) + 16;

bool Server::post_accept(IoContext& io) {
  io.overlapped = {};
  io.op = Op::Accept;
  io.socket = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
  if (io.socket == INVALID_SOCKET) return false;
  std::lock_guard<std::mutex> guard(accepts_lock_);  // stop() closes the listener under it
  if (stopping_) {
    closesocket(io.socket);
    return false;
  }
  ++accepts_pending_;  // before the call: the completion may come at once
  DWORD received = 0;
  if (!AcceptEx(listen_socket_, io.socket, io.buffer, 0, kAddressSize, kAddressSize, &received,
                &io.overlapped) &&
      WSAGetLastError() != ERROR_IO_PENDING) {
    --accepts_pending_;  // failed at once: no completion will come
    closesocket(io.socket);
    return false;
  }
  return true;
}
// [/lesson:post-accept]

// [lesson:on-accept]
// On a worker, like any completion. Whatever happened, the context is posted again at
// once, so config_.accepts accepts are always waiting, until stop() closes the listener.
void Server::on_accept(IoContext& io, const Completion& done) {
  SOCKET s = io.socket;
  if (done.ok && setsockopt(s, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT,  // s inherits the
                            reinterpret_cast<const char*>(&listen_socket_),  // listener's settings
                            (int)sizeof listen_socket_) == 0) {
    sockaddr *local = nullptr, *remote = nullptr;
    int local_len = 0, remote_len = 0;
    GetAcceptExSockaddrs(io.buffer, 0, kAddressSize, kAddressSize, &local, &local_len, &remote, &remote_len);
    auto* peer = reinterpret_cast<sockaddr_in*>(remote);
    log("accepted from port %u", (unsigned)ntohs(peer->sin_port));
    accept_client(s);  // as before: a slot, the port, the first recv
  } else {
    if (!stopping_) log("accept failed: error %lu", (unsigned long)done.error);
    closesocket(s);  // the listener was closed (stop), or this one connection failed
  }
  bool again = post_accept(io);  // false once stop() has begun
  std::lock_guard<std::mutex> guard(accepts_lock_);
  --accepts_pending_;
  if (!again) accept_done_.notify_all();
}
// [/lesson:on-accept]

// [lesson:accept-client]
void Server::accept_client(SOCKET s) {
  int index = reserve_slot();
  if (index < 0) {
    log("server full: connection refused");
    ScLoginFail full = make<ScLoginFail>(SC_LOGIN_FAIL);
    full.reason = kServerFull;
    send(s, reinterpret_cast<const char*>(&full), (int)sizeof full, 0);  // 4 bytes: they fit
    shutdown(s, SD_SEND);  // then the end of the stream, so the client reads the reason
    closesocket(s);
    return;
  }
  Client& c = clients_[index];
  std::lock_guard<std::mutex> guard(c.lock);
  c.socket = s;
  c.id = make_id(index, ++c.generation);  // a new ID, even in a reused slot
  c.assembler.reset();  // a reused slot must not inherit the last client's half packet
  c.send_bytes = 0;
  c.end_when_sent = false;
  // Tie the socket to the port. Every completion of this socket will carry key = index.
  CreateIoCompletionPort(reinterpret_cast<HANDLE>(s), port_, (ULONG_PTR)index, 0);
  log("client %d connected (slot %d)", c.id, index);
  if (!post_recv(c)) close_client(c);  // no welcome: its first packet must be CS_LOGIN
  release_if_done(c);
}
// [/lesson:accept-client]

int Server::reserve_slot() {
  for (int i = 0; i < config_.max_clients; ++i) {
    Client& c = clients_[i];
    std::lock_guard<std::mutex> guard(c.lock);
    if (c.state != ClientState::Free) continue;
    c.state = ClientState::Connected;
    std::lock_guard<std::mutex> slots(slots_lock_);
    ++in_use_;
    return i;
  }
  return -1;
}

// [lesson:post-recv]
// Called with c.lock held.
bool Server::post_recv(Client& c) {
  c.recv.overlapped = {};  // an OVERLAPPED is zeroed before every use
  c.recv.op = Op::Recv;
  c.recv.id = c.id;
  c.recv.wsabuf.buf = c.recv.buffer;
  c.recv.wsabuf.len = sizeof c.recv.buffer;
  DWORD flags = 0;
  ++c.pending;  // count it before the call: its completion may run on a worker at once
  if (WSARecv(c.socket, &c.recv.wsabuf, 1, nullptr, &flags, &c.recv.overlapped, nullptr) ==
          SOCKET_ERROR &&
      WSAGetLastError() != WSA_IO_PENDING) {
    --c.pending;  // it failed right away: no completion will come for it
    return false;
  }
  return true;  // pending, or done at once: either way its completion comes through the port
}
// [/lesson:post-recv]

// [lesson:on-completion]
void Server::on_completion(const Completion& done, int worker) {
  if (done.key == kListenKey) return on_accept(*reinterpret_cast<IoContext*>(done.overlapped), done);
  Client& c = clients_[done.key];  // completion key = index in the client array
  auto* io = reinterpret_cast<IoContext*>(done.overlapped);  // OVERLAPPED is its first member
  if (drop_if_stale(c, io)) return;
  if (io->op == Op::Recv) return on_recv(c, done, worker);   // takes the lock itself
  std::lock_guard<std::mutex> guard(c.lock);
  --c.pending;
  if (io->op == Op::Send) on_send(c, io, done);
  release_if_done(c);
}
// [/lesson:on-completion]

// [lesson:stale]
// A completion posted for an earlier occupant of this slot. This server frees a slot only
// after its last completion, so its own recvs and sends are never stale; but anything that
// carries an ID across time can be (a job or timer posted with PostQueuedCompletionStatus,
// a reply from a database thread). It must not touch the new occupant.
bool Server::drop_if_stale(Client& c, IoContext* io) {
  std::lock_guard<std::mutex> guard(c.lock);
  if (io->id == c.id) return false;  // not stale: it is counted in c.pending, the slot stays
  log("stale completion for client %d dropped (the slot now holds client %d)", io->id, c.id);
  if (io->op == Op::Send) pool_.release(io);  // a pool context: it still goes back
  return true;
}
// [/lesson:stale]

// [lesson:recv-loop]
// The packets are handled WITHOUT this client's lock (the game locks every receiver,
// one at a time; holding two client locks could deadlock two workers). The recv stays
// counted in c.pending meanwhile, so the slot cannot be reused under our feet, and the
// next recv is posted only after the packets were handled, so they go out in order.
// When the recv loop ends, for whatever reason, the player leaves the world, once.
void Server::on_recv(Client& c, const Completion& done, int worker) {
  std::vector<std::string> packets;
  int id;
  bool valid;
  {
    std::lock_guard<std::mutex> guard(c.lock);
    valid = done.ok && done.bytes > 0 && c.state == ClientState::Connected;
    if (valid) {
      log("worker %d: client %d sent %lu bytes", worker, c.id, (unsigned long)done.bytes);
      valid = c.assembler.feed(c.recv.buffer, done.bytes, [&](const char* packet, size_t size) {
        packets.emplace_back(packet, size);
      });
      if (!valid) log("client %d: invalid packet size, closing", c.id);
    } else if (c.state == ClientState::Connected) {
      log("client %d disconnected", c.id);  // an error, or 0 bytes: the client has gone
    }
    id = c.id;
  }
  for (const std::string& packet : packets)
    if (valid && !process_packet(id, packet)) valid = false;  // a violation: stop reading
  bool ended;
  {
    std::lock_guard<std::mutex> guard(c.lock);
    ended = !valid || c.state != ClientState::Connected || !post_recv(c);  // the next recv
    if (ended) close_client(c);
  }
  if (ended) leave_world(id);  // before --pending: the slot is still this client's
  std::lock_guard<std::mutex> guard(c.lock);
  --c.pending;
  release_if_done(c);
}
// [/lesson:recv-loop]

// [lesson:send-to]
// Sends to one client by ID. The ID names the occupant, not just the slot: a packet for
// a client that has left is dropped, even if someone new sits in its slot by now.
bool Server::send_to(int id, const std::string& packet) {
  int index = index_of(id);
  if (index < 0 || index >= config_.max_clients) return false;
  Client& to = clients_[index];
  std::lock_guard<std::mutex> guard(to.lock);
  if (to.state != ClientState::Connected || to.id != id) return false;
  if (!post_send(to, packet.data(), packet.size())) {
    close_client(to);
    release_if_done(to);
    return false;
  }
  return true;
}
// [/lesson:send-to]

// [lesson:send]
// Called with c.lock held. Every send has its own IoContext (OVERLAPPED, WSABUF, buffer)
// from the shared pool, so any number of sends can be in flight on one socket.
bool Server::post_send(Client& c, const char* data, size_t size) {
  // [lesson:cut-off]
  if (c.send_bytes + size > config_.send_limit) {  // a slow reader: cut it off, now
    log("client %d: slow reader, %lu bytes not sent yet: disconnecting", c.id,
        (unsigned long)c.send_bytes);
    return false;  // the caller closes it; its sends in flight complete with an error
  }
  // [/lesson:cut-off]
  IoContext* io = pool_.acquire();  // given back in on_send, once its completion is here
  io->op = Op::Send;
  io->id = c.id;
  std::memcpy(io->buffer, data, size);
  io->wsabuf.buf = io->buffer;
  io->wsabuf.len = (ULONG)size;
  ++c.pending;
  c.send_bytes += size;  // counted while the kernel holds it, given back in on_send
  if (WSASend(c.socket, &io->wsabuf, 1, nullptr, 0, &io->overlapped, nullptr) == SOCKET_ERROR &&
      WSAGetLastError() != WSA_IO_PENDING) {
    --c.pending;
    c.send_bytes -= size;
    pool_.release(io);  // failed at once: no completion will come, so it goes back now
    return false;
  }
  return true;
}

void Server::on_send(Client& c, IoContext* io, const Completion& done) {
  if (!done.ok) close_client(c);  // the recv side will report the disconnect too
  c.send_bytes -= io->wsabuf.len;
  pool_.release(io);  // the kernel is done with its OVERLAPPED and buffer only now
  // [lesson:on-send-end]
  if (c.end_when_sent && c.send_bytes == 0 && c.state == ClientState::Connected) {
    c.end_when_sent = false;
    shutdown(c.socket, SD_SEND);  // everything is out: now the end of the stream
  }
  // [/lesson:on-send-end]
}
// [/lesson:send]

// [lesson:close]
// Called with c.lock held. Closing makes the socket's pending operations complete with an
// error; the slot is freed only when the last of them has come back (release_if_done).
void Server::close_client(Client& c) {
  if (c.state != ClientState::Connected) return;
  c.state = ClientState::Closing;
  closesocket(c.socket);
  c.socket = INVALID_SOCKET;
}

void Server::release_if_done(Client& c) {
  if (c.state != ClientState::Closing || c.pending > 0) return;
  c.state = ClientState::Free;
  c.id = -1;
  std::lock_guard<std::mutex> slots(slots_lock_);
  --in_use_;
  slot_freed_.notify_all();
}
// [/lesson:close]

// [lesson:stop]
void Server::stop() {
  if (port_ == nullptr) return;
  {
    std::unique_lock<std::mutex> guard(accepts_lock_);
    stopping_ = true;
    if (listen_socket_ != INVALID_SOCKET) closesocket(listen_socket_);  // aborts every AcceptEx
    // Their completions come back with an error; the contexts are freed only after that.
    accept_done_.wait_for(guard, std::chrono::seconds(5), [this] { return accepts_pending_ == 0; });
  }
  for (int i = 0; i < config_.max_clients; ++i) {
    std::lock_guard<std::mutex> guard(clients_[i].lock);
    close_client(clients_[i]);
    release_if_done(clients_[i]);
  }
  wait_until_empty(5000);  // never free a client while the kernel may still write into it
  workers_.stop();
  CloseHandle(port_);
  port_ = nullptr;
  if (winsock_started_) WSACleanup();
  winsock_started_ = false;
}
// [/lesson:stop]

int Server::clients_in_use() {
  std::lock_guard<std::mutex> slots(slots_lock_);
  return in_use_;
}

bool Server::wait_until_empty(int timeout_ms) {
  std::unique_lock<std::mutex> slots(slots_lock_);
  return slot_freed_.wait_for(slots, std::chrono::milliseconds(timeout_ms), [this] { return in_use_ == 0; });
}

void Server::log(const char* format, ...) {
  if (!config_.log) return;
  char line[1200];
  va_list args;
  va_start(args, format);
  std::vsnprintf(line, sizeof line, format, args);
  va_end(args);
  config_.log(line);
}
