#include "acceptor.h"

#include <algorithm>

#include "log.h"

namespace iocplab::net {
namespace {

constexpr DWORD kAddressLen = sizeof(sockaddr_storage) + 16;

SOCKET make_tcp_socket() {
  return WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
}

}  // namespace

Acceptor::Acceptor(CompletionPort& port, SOCKET listen_socket, unsigned outstanding,
                   OnAccept on_accept, SocketFactory make_socket)
    : port_(port),
      listen_(listen_socket),
      on_accept_(std::move(on_accept)),
      make_socket_(make_socket ? std::move(make_socket) : SocketFactory(make_tcp_socket)) {
  for (unsigned i = 0; i < std::max(outstanding, 1u); ++i) ops_.push_back(std::make_unique<AcceptOp>());
}

Acceptor::~Acceptor() {
  stop();
  {
    std::lock_guard lock(mu_);
    quit_thread_ = true;
  }
  cv_.notify_all();
  if (timer_.joinable()) timer_.join();
  for (auto& op : ops_)
    if (op->socket != INVALID_SOCKET) closesocket(op->socket);
}

bool Acceptor::start(std::string* error) {
  if (!port_.associate(listen_, kAcceptKey)) {
    if (error) *error = "cannot associate the listening socket: " + std::to_string(GetLastError());
    return false;
  }
  GUID guid = WSAID_ACCEPTEX;
  DWORD bytes = 0;
  if (WSAIoctl(listen_, SIO_GET_EXTENSION_FUNCTION_POINTER, &guid, sizeof guid, &accept_ex_,
               sizeof accept_ex_, &bytes, nullptr, nullptr) == SOCKET_ERROR) {
    if (error) *error = "cannot load AcceptEx: " + std::to_string(WSAGetLastError());
    return false;
  }
  timer_ = std::thread([this] { retry_thread(); });
  for (auto& op : ops_) {
    outstanding_.fetch_add(1);
    post_or_retry(*op);
  }
  return true;
}

bool Acceptor::post(AcceptOp& op) {
  op.socket = make_socket_();
  if (op.socket == INVALID_SOCKET) {
    log_line("accept: cannot create a socket (error %d)", WSAGetLastError());
    return false;
  }
  op.type = OpType::Accept;
  op.clear_overlapped();
  DWORD bytes = 0;
  if (!accept_ex_(listen_, op.socket, op.addresses, 0, kAddressLen, kAddressLen, &bytes, &op.ov)) {
    int err = WSAGetLastError();
    if (err != WSA_IO_PENDING) {
      log_line("accept: AcceptEx refused (error %d)", err);
      closesocket(op.socket);
      op.socket = INVALID_SOCKET;
      return false;
    }
  }
  return true;
}

void Acceptor::post_or_retry(AcceptOp& op) {
  if (stopping_.load()) return op_done();
  if (post(op)) {
    std::lock_guard lock(mu_);
    backoff_ = kFirstBackoff;
    return;
  }
  failures_.fetch_add(1);
  schedule_retry(op);
}

void Acceptor::schedule_retry(AcceptOp& op) {
  std::chrono::milliseconds delay;
  {
    std::lock_guard lock(mu_);
    if (stopping_.load()) {
      delay = {};
    } else {
      delay = backoff_;
      backoff_ = std::min(backoff_ * 2, kMaxBackoff);
      retries_.push_back({&op, std::chrono::steady_clock::now() + delay});
    }
  }
  if (delay.count() == 0) return op_done();
  log_line("accept: re-post failed, retrying in %lld ms", static_cast<long long>(delay.count()));
  cv_.notify_all();
}

void Acceptor::retry_thread() {
  std::unique_lock lock(mu_);
  while (!quit_thread_) {
    if (retries_.empty()) {
      cv_.wait(lock);
      continue;
    }
    auto first = std::min_element(retries_.begin(), retries_.end(),
                                  [](const Retry& a, const Retry& b) { return a.due < b.due; });
    if (const auto due = first->due; due > std::chrono::steady_clock::now()) {
      cv_.wait_until(lock, due);  // a copy: the list may change while we wait
      continue;
    }
    AcceptOp* op = first->op;
    retries_.erase(first);
    op->type = OpType::AcceptRetry;
    op->clear_overlapped();
    if (!port_.post(kAcceptKey, &op->ov)) {  // the port refused: try again later
      log_line("accept: cannot post a retry (error %d)", static_cast<int>(GetLastError()));
      retries_.push_back({op, std::chrono::steady_clock::now() + kMaxBackoff});
    }
  }
}

void Acceptor::on_completion(OverlappedOp* base, bool ok, DWORD error) {
  auto& op = static_cast<AcceptOp&>(*base);
  if (op.type == OpType::AcceptRetry) return post_or_retry(op);

  SOCKET accepted = op.socket;
  op.socket = INVALID_SOCKET;
  if (ok) {
    setsockopt(accepted, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, reinterpret_cast<char*>(&listen_),
               sizeof listen_);
    handing_.fetch_add(1);  // wait_idle() also waits for this hand-off
  } else {
    if (!stopping_.load()) {
      failures_.fetch_add(1);
      log_line("accept: AcceptEx completed with error %u, re-posting", static_cast<unsigned>(error));
    }
    closesocket(accepted);
    accepted = INVALID_SOCKET;
  }
  post_or_retry(op);  // keep the op count up before handing the socket on
  if (accepted == INVALID_SOCKET) return;
  if (stopping_.load()) {
    closesocket(accepted);
  } else {
    accepted_.fetch_add(1);
    on_accept_(accepted);
  }
  if (handing_.fetch_sub(1) == 1) {
    std::lock_guard lock(mu_);
    cv_.notify_all();
  }
}

void Acceptor::stop() {
  std::vector<Retry> dropped;
  {
    std::lock_guard lock(mu_);
    stopping_.store(true);
    dropped.swap(retries_);
  }
  for (size_t i = 0; i < dropped.size(); ++i) op_done();
  cv_.notify_all();
}

bool Acceptor::wait_idle(std::chrono::milliseconds limit) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, limit, [this] { return outstanding_.load() == 0 && handing_.load() == 0; });
}

void Acceptor::op_done() {
  if (outstanding_.fetch_sub(1) == 1) {
    std::lock_guard lock(mu_);  // pairs with wait_idle's predicate check
    cv_.notify_all();
  }
}

}  // namespace iocplab::net
