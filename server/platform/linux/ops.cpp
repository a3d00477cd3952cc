// ops.cpp — pending operations, their queues, delivering a completion, finishing an accept.
#include <fcntl.h>

#include <cstring>

#include "internal.h"

namespace iocplab::platform {

void Op::set_buffers(const WSABUF* bufs, DWORD count) {
  if (count > static_cast<DWORD>(kInlineBufs)) {
    heap_iov.resize(count);
    iov = heap_iov.data();
  }
  iovcnt = static_cast<int>(count);
  total = 0;
  for (DWORD i = 0; i < count; ++i) {
    iov[i].iov_base = bufs[i].buf;
    iov[i].iov_len = bufs[i].len;
    total += bufs[i].len;
  }
}

void Op::advance(size_t n) {
  done += n;
  while (n > 0 && iovcnt > 0) {
    if (n >= iov->iov_len) {
      n -= iov->iov_len;
      ++iov;
      --iovcnt;
    } else {
      iov->iov_base = static_cast<char*>(iov->iov_base) + n;
      iov->iov_len -= n;
      n = 0;
    }
  }
  while (iovcnt > 0 && iov->iov_len == 0) {  // skip empty buffers
    ++iov;
    --iovcnt;
  }
}

void OpQueue::push(Op* op) {
  op->next = nullptr;
  if (tail) tail->next = op; else head = op;
  tail = op;
}

Op* OpQueue::pop() {
  Op* op = head;
  if (op) {
    head = op->next;
    if (!head) tail = nullptr;
    op->next = nullptr;
  }
  return op;
}

bool OpQueue::remove(Op* target) {
  Op* prev = nullptr;
  for (Op* op = head; op; prev = op, op = op->next) {
    if (op != target) continue;
    if (prev) prev->next = op->next; else head = op->next;
    if (tail == op) tail = prev;
    op->next = nullptr;
    return true;
  }
  return false;
}

void OpQueue::remove_matching(LPOVERLAPPED ov, std::vector<Op*>& out) {
  Op* prev = nullptr;
  for (Op* op = head; op;) {
    Op* next = op->next;
    if (!ov || op->ov == ov) {
      if (prev) prev->next = next; else head = next;
      if (tail == op) tail = prev;
      op->next = nullptr;
      out.push_back(op);
    } else {
      prev = op;
    }
    op = next;
  }
}

void OpQueue::take_all(std::vector<Op*>& out) {
  while (Op* op = pop()) out.push_back(op);
}

void complete_op(Port* port, ULONG_PTR key, Op* op, DWORD bytes, DWORD error) {
  LPOVERLAPPED ov = op->ov;
  delete op;
  if (ov) {
    ov->Internal = error;
    ov->InternalHigh = bytes;
  }
  if (port) port->enqueue(Completion{key, ov, bytes, error});
}

namespace {
// Our private layout of an AcceptEx address slot: [int32 length][sockaddr bytes].
// Only GetAcceptExSockaddrs reads it, as on Windows where the layout is private too.
bool write_addr_slot(char* slot, DWORD slot_len, const sockaddr_storage& addr, socklen_t len) {
  if (slot_len < sizeof(int32_t) + len) return false;
  int32_t n = static_cast<int32_t>(len);
  std::memcpy(slot, &n, sizeof n);
  std::memcpy(slot + sizeof n, &addr, len);
  return true;
}
}  // namespace

DWORD finish_accept(Op* op, int newfd) {
  SockState* as = sock_state(op->accept_fd);
  if (!as) {
    ::close(newfd);
    return ERROR_INVALID_HANDLE;
  }
  std::lock_guard lock(as->mu);
  if (!as->open || as->fd != op->accept_fd || as->gen != op->accept_gen) {
    // The accept socket was closed (and its fd number perhaps reused by another socket,
    // which must not be overwritten): this AcceptEx was aborted by that close.
    ::close(newfd);
    return ERROR_OPERATION_ABORTED;
  }
  as->accept_listener = -1;
  // The caller's socket takes over the connection: same fd number, new file.
  if (::dup3(newfd, op->accept_fd, O_CLOEXEC) < 0) {
    int err = errno;
    ::close(newfd);
    return completion_error_from_errno(err);
  }
  ::close(newfd);
  if (as->port) engine().reassociate(*as);

  sockaddr_storage local{}, remote{};
  socklen_t llen = sizeof local, rlen = sizeof remote;
  ::getsockname(op->accept_fd, reinterpret_cast<sockaddr*>(&local), &llen);
  ::getpeername(op->accept_fd, reinterpret_cast<sockaddr*>(&remote), &rlen);
  if (op->addr_buf) {
    write_addr_slot(op->addr_buf, op->local_len, local, llen);
    write_addr_slot(op->addr_buf + op->local_len, op->remote_len, remote, rlen);
  }
  return 0;
}

}  // namespace iocplab::platform
