#include "iocp_acceptor.h"

namespace iocplab::bench {
namespace {

constexpr DWORD kAddressLen = sizeof(sockaddr_storage) + 16;

SOCKET new_socket() { return WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED); }

}  // namespace

bool IocpAcceptor::open(HANDLE completion_port, ULONG_PTR key, unsigned short port, std::string* error) {
  listen_ = new_socket();
  if (listen_ == INVALID_SOCKET) {
    *error = "WSASocket failed: " + std::to_string(WSAGetLastError());
    return false;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int len = static_cast<int>(sizeof addr);
  if (bind(listen_, reinterpret_cast<sockaddr*>(&addr), len) == SOCKET_ERROR ||
      listen(listen_, SOMAXCONN) == SOCKET_ERROR ||
      getsockname(listen_, reinterpret_cast<sockaddr*>(&addr), &len) == SOCKET_ERROR) {
    *error = "bind/listen failed: " + std::to_string(WSAGetLastError());
    return false;
  }
  port_ = ntohs(addr.sin_port);
  if (CreateIoCompletionPort(reinterpret_cast<HANDLE>(listen_), completion_port, key, 0) == nullptr) {
    *error = "cannot associate the listening socket: " + std::to_string(GetLastError());
    return false;
  }
  GUID guid = WSAID_ACCEPTEX;
  DWORD bytes = 0;
  if (WSAIoctl(listen_, SIO_GET_EXTENSION_FUNCTION_POINTER, &guid, sizeof guid, &accept_ex_,
               sizeof accept_ex_, &bytes, nullptr, nullptr) == SOCKET_ERROR) {
    *error = "cannot load AcceptEx: " + std::to_string(WSAGetLastError());
    return false;
  }
  return true;
}

bool IocpAcceptor::start(unsigned count, std::string* error) {
  for (unsigned i = 0; i < count; ++i) {
    slots_.push_back(std::make_unique<Slot>());
    if (!post(*slots_.back())) {
      *error = "AcceptEx failed: " + std::to_string(WSAGetLastError());
      return false;
    }
  }
  return true;
}

bool IocpAcceptor::post(Slot& slot) {
  slot.socket = new_socket();
  if (slot.socket == INVALID_SOCKET) return false;
  slot.op.reset();
  DWORD bytes = 0;
  if (!accept_ex_(listen_, slot.socket, slot.addresses, 0, kAddressLen, kAddressLen, &bytes, &slot.op.ov) &&
      WSAGetLastError() != WSA_IO_PENDING) {
    closesocket(slot.socket);
    slot.socket = INVALID_SOCKET;
    return false;
  }
  return true;
}

SOCKET IocpAcceptor::take(Slot& slot) {
  SOCKET s = slot.socket;
  setsockopt(s, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, reinterpret_cast<char*>(&listen_),
             static_cast<int>(sizeof listen_));
  int one = 1;
  setsockopt(s, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<char*>(&one), static_cast<int>(sizeof one));
  post(slot);
  return s;
}

void IocpAcceptor::retry(Slot& slot) {
  if (slot.socket != INVALID_SOCKET) closesocket(slot.socket);
  post(slot);
}

void IocpAcceptor::close() {
  if (listen_ != INVALID_SOCKET) closesocket(listen_);
  listen_ = INVALID_SOCKET;
}

}  // namespace iocplab::bench
