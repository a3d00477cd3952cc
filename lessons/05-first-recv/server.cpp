// server.cpp — stage 05: each client's socket tied to the port, and its first recv.
#include "server.h"

#include <cstdarg>
#include <cstdio>

constexpr int kLogLineSize = 256 + kRecvBufferSize;  // a log line: text plus one recv's bytes

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
    if (s == INVALID_SOCKET) {  // we give up here; stage 06 tells a passing error from a lasting one
      //ko: 여기서는 포기한다. 지나가는 에러와 계속되는 에러는 06단계에서 가린다
      log("accept failed: error %d; no more clients", WSAGetLastError());
      return;
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
    closesocket(s);
    return;
  }
  Client& c = clients_[index];
  std::lock_guard<std::mutex> guard(c.lock);
  c.socket = s;
  c.id = index;
  // Tie the socket to the port. Every completion of this socket will carry key = index.
  //ko: 소켓을 포트에 등록한다. 이 소켓의 완료는 모두 키 = 인덱스를 달고 온다.
  if (CreateIoCompletionPort(reinterpret_cast<HANDLE>(s), port_, (ULONG_PTR)index, 0) == nullptr) {
    log("client %d: CreateIoCompletionPort failed: error %lu", c.id, (unsigned long)GetLastError());
    close_client(c);  // nothing is pending yet: the slot is free again at once
    //ko: 아직 걸린 작업이 없으니 칸을 바로 비운다
    return;
  }
  log("client %d connected (slot %d)", c.id, index);
  if (!post_recv(c)) close_client(c);  // the first recv: from now on the workers take over
  //ko: 첫 recv. 이제부터는 워커들이 맡는다
}
// [/lesson:accept-client]

// [lesson:reserve-slot]
// Finds a Free slot and marks it Connected; -1 when all are taken.
//ko: 빈(Free) 칸을 찾아 Connected로 표시한다. 다 찼으면 -1.
int Server::reserve_slot() {
  for (int i = 0; i < config_.max_clients; ++i) {
    Client& c = clients_[i];
    std::lock_guard<std::mutex> guard(c.lock);
    if (c.state != ClientState::Free) continue;
    c.state = ClientState::Connected;
    return i;
  }
  return -1;
}
// [/lesson:reserve-slot]

// [lesson:post-recv]
// Called with c.lock held.
//ko: c.lock을 잡은 채로 부른다.
bool Server::post_recv(Client& c) {
  c.recv_overlapped = {};  // an OVERLAPPED is zeroed before every use
  //ko: OVERLAPPED는 쓸 때마다 0으로 지운다
  c.recv_wsabuf.buf = c.recv_buffer;
  c.recv_wsabuf.len = sizeof c.recv_buffer;
  DWORD flags = 0;
  if (WSARecv(c.socket, &c.recv_wsabuf, 1, nullptr, &flags, &c.recv_overlapped, nullptr) ==
          SOCKET_ERROR &&
      WSAGetLastError() != WSA_IO_PENDING)
    return false;  // it failed right away: no completion will come for it
  //ko: 바로 실패했다. 이 작업의 완료는 오지 않는다
  return true;  // pending, or done at once: either way its completion comes through the port
  //ko: 대기 중이든 바로 끝났든, 완료는 어느 쪽이든 포트로 온다
}
// [/lesson:post-recv]

// [lesson:on-completion]
void Server::on_completion(const Completion& done, int worker) {
  Client& c = clients_[done.key];  // completion key = index in the client array
  //ko: 완료 키 = 클라이언트 배열의 인덱스
  std::lock_guard<std::mutex> guard(c.lock);
  if (c.state != ClientState::Connected) return;  // stop() closed it already
  //ko: stop()이 이미 닫았다
  on_recv(c, done, worker);
}

void Server::on_recv(Client& c, const Completion& done, int worker) {
  if (!done.ok || done.bytes == 0) {  // an error, or 0 bytes: the client has gone
    //ko: 에러, 또는 0바이트: 클라이언트가 떠났다
    log("client %d disconnected", c.id);
    close_client(c);  // that completion was its only operation: nothing is pending now
    //ko: 그 완료가 유일한 작업이었다. 이제 걸린 것이 없다
    return;
  }
  log("worker %d: client %d sent %lu bytes: %.*s", worker, c.id, (unsigned long)done.bytes,
      (int)done.bytes, c.recv_buffer);
  // Stage 05 stops here: no new recv is posted, so this client is never heard again.
  // Stage 07 turns this into a loop.
  //ko: 05단계는 여기서 끝난다. 새 recv를 걸지 않으니 이 클라이언트의 말은 다시 안 들린다.
  //ko: 07단계가 이것을 루프로 만든다.
}
// [/lesson:on-completion]

// [lesson:close]
// Called with c.lock held. The slot is Free at once: right only while none of its I/O is
// pending, true here until stop() (stage 06 counts what is pending).
//ko: c.lock을 잡은 채로 부른다. 칸은 곧바로 Free가 된다. 걸린 I/O가 없을 때만 맞는 일이고,
//ko: 여기서는 stop() 전까지 그렇다(걸린 작업은 06단계에서 센다).
void Server::close_client(Client& c) {
  if (c.state != ClientState::Connected) return;
  closesocket(c.socket);
  c.socket = INVALID_SOCKET;
  c.state = ClientState::Free;
  c.id = -1;
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
  }
  // Not yet right: the cancelled recvs still complete and nothing waits for them here
  // (the array lives until ~Server, after the workers). Stage 06 waits for the last one.
  //ko: 아직 옳지 않다. 취소된 recv도 완료는 오는데 여기서는 기다리지 않는다
  //ko: (배열은 워커가 멈춘 뒤 ~Server까지 남는다). 06단계가 마지막 완료까지 기다린다.
  workers_.stop();
  CloseHandle(port_);
  port_ = nullptr;
  if (winsock_started_) WSACleanup();
  winsock_started_ = false;
}
// [/lesson:stop]

void Server::log(const char* format, ...) {
  if (!config_.log) return;
  char line[kLogLineSize];
  va_list args;
  va_start(args, format);
  std::vsnprintf(line, sizeof line, format, args);
  va_end(args);
  config_.log(line);
}
