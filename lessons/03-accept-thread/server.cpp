// server.cpp — stage 03: a listening socket and an accept thread.
#include "server.h"

#include <cstdarg>
#include <cstdio>

constexpr int kLogLineSize = 256;  // one log line

// [lesson:skeleton]
bool Server::start(const ServerConfig& config) {
  config_ = config;

  port_ = create_completion_port();                            // 1. the completion port
  //ko: 1. 컴플리션 포트
  if (port_ == nullptr) return false;
  int count = config_.workers > 0 ? config_.workers : default_worker_count();
  workers_.start(port_, count, [](const Completion&, int) {});  // 2. the workers (idle for now)
  //ko: 2. 워커들 (아직은 할 일이 없다)
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
  log("client connected");
  // It has nowhere to live yet (no client array, no slot), so we close it at once: the
  // client sees its connection end. Stage 04 gives it a place.
  //ko: 아직 둘 곳이 없다(클라이언트 배열도, 칸도 없다). 그래서 바로 닫는다. 클라이언트는
  //ko: 연결이 끊기는 것을 본다. 둘 곳은 04단계가 준다.
  closesocket(s);
}
// [/lesson:accept-client]

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
