// server.cpp — stage 12's server; stage 13 adds the graceful end (on_send, accept when full).
#include "server.h"

#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstring>

constexpr int kAcceptRetryMs = 100;      // pause after a failed accept (see accept_loop)
constexpr int kStopReportMs = 5000;      // stop() says what it still waits for this often
constexpr int kLogLineSize = 256 + kBufferSize;  // a log line: text plus one buffer's bytes

// [lesson:skeleton]
bool Server::start(const ServerConfig& config) {
  config_ = config;
  clients_ = std::make_unique<Client[]>(config_.max_clients);  // the client array
  //ko: 클라이언트 배열

  port_ = create_completion_port();                            // 1. the completion port
  //ko: 1. 컴플리션 포트
  if (port_ == nullptr) return false;
  int count = config_.workers > 0 ? config_.workers : default_worker_count();
  workers_.start(port_, count, [this](const Completion& c, int worker) {  // 2. the workers
    //ko: 2. 워커들
    on_completion(c, worker);
  });
  WSADATA wsa;                                                 // 3. the network: Winsock,
  //ko: 3. 네트워크: 윈속,
  if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return false;
  winsock_started_ = true;
  if (!open_listener(config_.port)) return false;              //    the listening socket
  //ko:    리슨 소켓
  accept_thread_ = std::thread([this] { accept_loop(); });     //    and the accept thread
  //ko:    그리고 accept 쓰레드
  return true;
}
// [/lesson:skeleton]

// [lesson:listen]
bool Server::open_listener(uint16_t port) {
  listen_socket_ = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
  if (listen_socket_ == INVALID_SOCKET) return false;
  // A restarted server gets its port back although old connections to it still wait out
  // TIME_WAIT (Linux refuses the bind for a minute otherwise; Windows does not need it).
  //ko: 다시 띄운 서버가 포트를 되찾게 한다. 옛 연결이 아직 TIME_WAIT에 남아 있어도
  //ko: (그러지 않으면 리눅스는 1분 동안 bind를 거절한다. 윈도우는 필요 없다).
  int on = 1;
  setsockopt(listen_socket_, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const char*>(&on), (int)sizeof on);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // this machine only; INADDR_ANY lets others in
  //ko: 이 컴퓨터에서만. INADDR_ANY면 다른 컴퓨터도 들어온다
  if (bind(listen_socket_, reinterpret_cast<sockaddr*>(&addr), (int)sizeof addr) == SOCKET_ERROR)
    return false;
  if (listen(listen_socket_, SOMAXCONN) == SOCKET_ERROR) return false;
  int len = (int)sizeof addr;  // port 0: ask which port the system gave us
  //ko: 포트 0: 시스템이 준 포트가 몇 번인지 물어본다
  if (getsockname(listen_socket_, reinterpret_cast<sockaddr*>(&addr), &len) == SOCKET_ERROR)
    return false;
  port_number_ = ntohs(addr.sin_port);
  return true;
}
// [/lesson:listen]

// [lesson:accept-loop]
void Server::accept_loop() {
  for (;;) {
    SOCKET s = accept(listen_socket_, nullptr, nullptr);  // blocks until a client connects
    //ko: 클라이언트가 접속할 때까지 멈춰 있다
    if (stopping_) {  // stop() woke us with a connection of its own
      //ko: stop()이 자기 연결로 우리를 깨웠다
      if (s != INVALID_SOCKET) closesocket(s);
      return;
    }
    if (s == INVALID_SOCKET) {
      // An error that lasts (WSAEMFILE: no socket handles left) would fail again at once:
      // pause, or this thread spins at full speed and floods the log.
      //ko: 계속되는 에러(WSAEMFILE: 소켓 핸들이 바닥남)는 곧바로 또 실패한다.
      //ko: 잠깐 쉬지 않으면 이 쓰레드가 CPU를 다 먹고 로그를 뒤덮는다.
      log("accept failed: error %d", WSAGetLastError());
      std::this_thread::sleep_for(std::chrono::milliseconds(kAcceptRetryMs));
      continue;
    }
    accept_client(s);
  }
}
// [/lesson:accept-loop]

// [lesson:accept-client]
void Server::accept_client(SOCKET s) {
  int index = reserve_slot();
  if (index < 0) {
    log("server full: connection refused");
    ScLoginFail full = make<ScLoginFail>(SC_LOGIN_FAIL);
    full.reason = kServerFull;
    send(s, reinterpret_cast<const char*>(&full), (int)sizeof full, 0);  // 4 bytes: they fit
    //ko: 4바이트: 들어간다
    shutdown(s, SD_SEND);  // then the end of the stream, so the client reads the reason
    //ko: 그다음 스트림의 끝. 그래서 클라이언트는 이유를 읽는다
    closesocket(s);
    return;
  }
  Client& c = clients_[index];
  std::lock_guard<std::mutex> guard(c.lock);
  c.socket = s;
  c.id = make_id(index, ++c.generation);  // a new ID, even in a reused slot
  //ko: 다시 쓰는 칸이라도 새 ID
  c.assembler.reset();  // a reused slot must not inherit the last client's half packet
  //ko: 다시 쓰는 칸이 앞 클라이언트의 반쪽 패킷을 물려받으면 안 된다
  c.send_bytes = 0;
  c.end_when_sent = false;
  // Tie the socket to the port. Every completion of this socket will carry key = index.
  //ko: 소켓을 포트에 등록한다. 이 소켓의 완료는 모두 키 = 인덱스를 달고 온다.
  if (CreateIoCompletionPort(reinterpret_cast<HANDLE>(s), port_, (ULONG_PTR)index, 0) == nullptr) {
    log("client %d: CreateIoCompletionPort failed: error %lu", c.id, (unsigned long)GetLastError());
    close_client(c);  // nothing is pending: release_if_done frees the slot at once
    //ko: 걸린 작업이 없으니 release_if_done이 칸을 바로 비운다
    release_if_done(c);
    return;
  }
  log("client %d connected (slot %d)", c.id, index);
  if (!post_recv(c)) close_client(c);  // no welcome: its first packet must be CS_LOGIN
  //ko: 환영 패킷은 없다. 첫 패킷은 CS_LOGIN이어야 한다
  release_if_done(c);
}
// [/lesson:accept-client]

// [lesson:reserve-slot]
// Finds a Free slot, marks it Connected and counts it in in_use_; -1 when all are taken.
//ko: 빈(Free) 칸을 찾아 Connected로 표시하고 in_use_에 센다. 다 찼으면 -1.
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
// [/lesson:reserve-slot]

// [lesson:post-recv]
// Called with c.lock held.
//ko: c.lock을 잡은 채로 부른다.
bool Server::post_recv(Client& c) {
  c.recv.overlapped = {};  // an OVERLAPPED is zeroed before every use
  //ko: OVERLAPPED는 쓸 때마다 0으로 지운다
  c.recv.op = Op::Recv;
  c.recv.id = c.id;  // whose recv it is (drop_if_stale)
  //ko: 누구의 recv인가 (drop_if_stale)
  c.recv.wsabuf.buf = c.recv.buffer;
  c.recv.wsabuf.len = sizeof c.recv.buffer;
  DWORD flags = 0;
  ++c.pending;  // count it before the call: its completion may run on a worker at once
  //ko: 호출 전에 센다. 완료가 곧바로 워커에서 돌 수도 있다
  if (WSARecv(c.socket, &c.recv.wsabuf, 1, nullptr, &flags, &c.recv.overlapped, nullptr) ==
          SOCKET_ERROR &&
      WSAGetLastError() != WSA_IO_PENDING) {
    --c.pending;  // it failed right away: no completion will come for it
    //ko: 바로 실패했다. 이 작업의 완료는 오지 않는다
    return false;
  }
  return true;  // pending, or done at once: either way its completion comes through the port
  //ko: 대기 중이든 바로 끝났든, 완료는 어느 쪽이든 포트로 온다
}
// [/lesson:post-recv]

// [lesson:on-completion]
void Server::on_completion(const Completion& done, int worker) {
  Client& c = clients_[done.key];  // completion key = index in the client array
  //ko: 완료 키 = 클라이언트 배열의 인덱스
  auto* io = reinterpret_cast<IoContext*>(done.overlapped);  // OVERLAPPED is its first member
  //ko: OVERLAPPED가 첫 멤버이므로 같은 주소다
  std::unique_lock<std::mutex> guard(c.lock);  // unique_lock: on_recv lets go of it for a while
  //ko: unique_lock: on_recv가 잠시 놓았다가 다시 잡는다
  if (drop_if_stale(c, io)) return;
  --c.pending;
  switch (io->op) {
    case Op::Recv:
      on_recv(c, done, worker, guard);
      if (c.state != ClientState::Connected) leave_world(c, guard);  // the recv loop has ended
      //ko: recv 루프가 끝났다
      break;
    case Op::Send: on_send(c, io, done); break;
    case Op::Accept: break;  // AcceptEx (stage 14); this server accepts on a thread
    //ko: AcceptEx (14단계). 이 서버는 쓰레드로 accept한다
  }
  release_if_done(c);
}
// [/lesson:on-completion]

// [lesson:stale]
// Called with c.lock held. A completion posted for an earlier occupant of this slot: this
// server frees a slot only after its last completion, so its own recvs and sends are never
// stale, but anything that carries an ID across time can be (a job or a timer posted with
// PostQueuedCompletionStatus, a reply from a database thread). It must not touch the new
// occupant, nor count in its pending.
//ko: c.lock을 잡은 채로 부른다. 이 칸의 옛 주인 앞으로 넣은 완료다. 이 서버는 마지막 완료가
//ko: 온 뒤에야 칸을 비우므로 자기 recv와 send는 절대 옛것이 아니다. 하지만 ID를 들고 시간을
//ko: 건너는 것은 무엇이든 그럴 수 있다(PostQueuedCompletionStatus로 넣은 작업이나 타이머,
//ko: DB 쓰레드의 답). 새 주인은 물론, 그 pending에도 손대면 안 된다.
bool Server::drop_if_stale(Client& c, IoContext* io) {
  if (io->id == c.id) return false;
  log("stale completion for client %d dropped (the slot now holds client %d)", io->id, c.id);
  if (io->op == Op::Send) pool_.release(io);  // a pool context: it still goes back
  //ko: 풀의 컨텍스트라면 그래도 돌려준다
  return true;
}
// [/lesson:stale]

// [lesson:recv-loop]
void Server::on_recv(Client& c, const Completion& done, int worker, std::unique_lock<std::mutex>& held) {
  if (!done.ok || done.bytes == 0) {  // an error, or 0 bytes: the client has gone
    //ko: 에러, 또는 0바이트: 클라이언트가 떠났다
    if (c.state == ClientState::Connected) log("client %d disconnected", c.id);
    close_client(c);
    return;
  }
  if (c.state != ClientState::Connected) return;  // closing: post nothing new
  //ko: 닫는 중: 새로 아무것도 걸지 않는다
  log("worker %d: client %d sent %lu bytes", worker, c.id, (unsigned long)done.bytes);
  std::vector<std::string> packets;  // copies: the buffer belongs to the next recv
  //ko: 복사본. 버퍼는 다음 recv의 것이다
  bool valid = c.assembler.feed(c.recv.buffer, done.bytes, [&](const char* packet, size_t size) {
    packets.emplace_back(packet, size);
  });
  if (!valid) {  // a size outside 3..1024: the rest of this stream is garbage
    //ko: 크기가 3..1024 밖이다: 이 스트림의 나머지는 쓰레기다
    log("client %d: invalid packet size, closing", c.id);
    close_client(c);
    return;
  }
  // [lesson:let-go]
  // Never hold two client locks (deadlock): let go of ours; pending keeps the slot ours.
  //ko: 클라이언트 락 두 개를 함께 쥐지 않는다(데드락). 우리 락을 놓고, 칸은 pending이 지킨다.
  int id = c.id;
  ++c.pending;
  held.unlock();
  bool ok = true;
  for (const std::string& packet : packets)
    if (ok && !process_packet(id, packet)) ok = false;  // a violation: the rest is not read
    //ko: 규칙 위반: 나머지는 읽지 않는다
  held.lock();
  --c.pending;
  if (!ok) close_client(c);
  if (c.state != ClientState::Connected) return;  // closed meanwhile (a failed send)
  //ko: 그사이에 닫혔다 (send 실패)
  // [/lesson:let-go]
  // The next recv, at once: the buffer is free again. Only now, never two at a time: two
  // recvs in flight would complete in order, but two workers could handle them out of order.
  //ko: 다음 recv를 바로 건다. 버퍼가 다시 비었다. 지금에서야, 절대 두 개를 동시에 걸지 않는다.
  //ko: 두 recv는 순서대로 완료되지만, 두 워커가 그 완료를 뒤바뀐 순서로 처리할 수 있다.
  if (!post_recv(c)) close_client(c);
}
// [/lesson:recv-loop]

// [lesson:send-to]
// Sends to one client by ID. The ID names the occupant, not just the slot: a packet for
// a client that has left is dropped, even if someone new sits in its slot by now.
//ko: ID로 한 클라이언트에게 보낸다. ID는 칸이 아니라 주인을 가리킨다. 떠난 클라이언트 앞으로
//ko: 온 패킷은, 지금 그 칸에 누가 새로 앉아 있더라도 버린다.
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
//ko: c.lock을 잡은 채로 부른다. send마다 풀에서 꺼낸 자기 IoContext(OVERLAPPED, WSABUF,
//ko: 버퍼)가 있어서 한 소켓에 send를 몇 개든 동시에 걸 수 있다.
bool Server::post_send(Client& c, const char* data, size_t size) {
  // [lesson:cut-off]
  if (c.send_bytes + size > config_.send_limit) {  // a slow reader: cut it off, now
    //ko: 느린 클라이언트: 지금 끊는다
    log("client %d: slow reader, %lu bytes not sent yet: disconnecting", c.id,
        (unsigned long)c.send_bytes);
    return false;  // the caller closes it; its sends in flight complete with an error
    //ko: 부른 쪽이 닫는다. 걸려 있던 send는 에러로 완료된다
  }
  // [/lesson:cut-off]
  IoContext* io = pool_.acquire();  // given back in on_send, once its completion is here
  //ko: 완료가 온 뒤 on_send에서 풀에 돌려준다
  io->op = Op::Send;
  io->id = c.id;  // whose send it is
  //ko: 누구의 send인가
  std::memcpy(io->buffer, data, size);
  io->wsabuf.buf = io->buffer;
  io->wsabuf.len = (ULONG)size;
  ++c.pending;
  c.send_bytes += size;  // counted while the kernel holds it, given back in on_send
  //ko: 커널이 쥐고 있는 동안 센다. on_send에서 돌려받는다
  if (WSASend(c.socket, &io->wsabuf, 1, nullptr, 0, &io->overlapped, nullptr) == SOCKET_ERROR &&
      WSAGetLastError() != WSA_IO_PENDING) {
    --c.pending;
    c.send_bytes -= size;
    pool_.release(io);  // failed at once: no completion will come, so it goes back now
    //ko: 바로 실패했다. 완료가 오지 않으니 지금 돌려준다
    return false;
  }
  return true;
}

void Server::on_send(Client& c, IoContext* io, const Completion& done) {
  // A send completes with all its bytes or fails; fewer bytes come only with an error.
  //ko: send는 바이트를 전부 보내고 완료되거나 실패한다. 덜 보낸 완료는 에러와 함께만 온다.
  if (!done.ok || done.bytes != io->wsabuf.len) {
    if (c.state == ClientState::Connected)
      log("client %d: send failed (%lu of %lu bytes, error %lu)", c.id, (unsigned long)done.bytes,
          (unsigned long)io->wsabuf.len, (unsigned long)done.error);
    close_client(c);  // the recv side will report the disconnect too
    //ko: recv 쪽에서도 연결 끊김을 보게 된다
  }
  c.send_bytes -= io->wsabuf.len;
  pool_.release(io);  // the kernel is done with its OVERLAPPED and buffer only now
  //ko: 커널이 OVERLAPPED와 버퍼를 다 쓴 것은 지금이다
  // [lesson:on-send-end]
  if (c.end_when_sent && c.send_bytes == 0 && c.state == ClientState::Connected) {
    c.end_when_sent = false;
    shutdown(c.socket, SD_SEND);  // everything is out: now the end of the stream
    //ko: 다 나갔다: 이제 스트림의 끝
  }
  // [/lesson:on-send-end]
}
// [/lesson:send]

// [lesson:close]
// Called with c.lock held. Closing makes the socket's pending operations complete with an
// error; the slot is freed only when the last of them has come back (release_if_done).
//ko: c.lock을 잡은 채로 부른다. 소켓을 닫으면 걸려 있던 작업들이 에러로 완료된다.
//ko: 그중 마지막 것이 돌아와야 칸을 비운다(release_if_done).
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
  stopping_ = true;
  if (accept_thread_.joinable()) {
    // accept() is blocking: wake it with a connection of our own, then wait for it.
    //ko: accept()는 블로킹이다. 우리 쪽에서 연결 하나를 걸어 깨우고, 끝나길 기다린다.
    SOCKET wake = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_number_);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connect(wake, reinterpret_cast<sockaddr*>(&addr), (int)sizeof addr);
    accept_thread_.join();
    closesocket(wake);
  }
  if (listen_socket_ != INVALID_SOCKET) closesocket(listen_socket_);
  for (int i = 0; i < config_.max_clients; ++i) {  // closesocket cancels each pending recv
    //ko: closesocket이 걸려 있던 recv를 취소한다
    std::lock_guard<std::mutex> guard(clients_[i].lock);
    close_client(clients_[i]);
    release_if_done(clients_[i]);
  }
  // Never free a client while the kernel may still write into it: wait, however long,
  // for every cancelled recv's completion (saying so every kStopReportMs).
  //ko: 커널이 아직 쓸 수도 있는 클라이언트는 절대 해제하지 않는다. 취소된 recv의 완료가
  //ko: 전부 올 때까지 얼마가 걸리든 기다린다(kStopReportMs마다 알린다).
  while (!wait_until_empty(kStopReportMs))
    log("stop: still waiting for the last completions of %d clients", clients_in_use());
  workers_.stop();
  CloseHandle(port_);
  port_ = nullptr;
  if (winsock_started_) WSACleanup();
  winsock_started_ = false;
}
// [/lesson:stop]

// [lesson:in-use]
// How many slots are not Free; and waiting, at most timeout_ms, until that is 0.
//ko: Free가 아닌 칸의 수. 그리고 그 수가 0이 될 때까지 최대 timeout_ms 기다리기.
int Server::clients_in_use() {
  std::lock_guard<std::mutex> slots(slots_lock_);
  return in_use_;
}

bool Server::wait_until_empty(int timeout_ms) {
  std::unique_lock<std::mutex> slots(slots_lock_);
  return slot_freed_.wait_for(slots, std::chrono::milliseconds(timeout_ms), [this] { return in_use_ == 0; });
}
// [/lesson:in-use]

void Server::log(const char* format, ...) {
  if (!config_.log) return;
  char line[kLogLineSize];
  va_list args;
  va_start(args, format);
  std::vsnprintf(line, sizeof line, format, args);
  va_end(args);
  config_.log(line);
}
