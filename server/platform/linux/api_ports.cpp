// api_ports.cpp — completion port calls and the choice of engine.
#include <fcntl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "internal.h"

namespace iocplab::platform {
namespace {

std::mutex g_engine_mu;
Engine* g_engine = nullptr;
bool g_engine_locked = false;              // set when the first port exists
std::atomic<Engine*> g_active{nullptr};    // the locked-in engine: lock-free reads
std::string g_engine_error;

Engine* make_engine(const char* name, std::string* why) {
  if (std::strcmp(name, "epoll") == 0) return make_epoll_engine();
  if (std::strcmp(name, "uring") == 0 || std::strcmp(name, "io_uring") == 0) {
    const char* reason = "";
    Engine* e = make_uring_engine(&reason);
    if (!e) *why = std::string("io_uring engine unavailable: ") + reason;
    return e;
  }
  *why = std::string("unknown engine '") + name + "' (expected epoll or uring)";
  return nullptr;
}

// The engine for this process: IOCPLAB_ENGINE, else epoll. Called with g_engine_mu held.
Engine* current_engine_locked() {
  if (!g_engine) {
    const char* env = std::getenv("IOCPLAB_ENGINE");
    std::string why;
    if (env && *env) g_engine = make_engine(env, &why);
    if (!g_engine) {
      if (!why.empty()) {
        std::fprintf(stderr, "iocplab: IOCPLAB_ENGINE=%s: %s\n", env, why.c_str());
        g_engine_error = why;
      }
      g_engine = make_epoll_engine();
    }
  }
  return g_engine;
}

}  // namespace

Engine& engine() {
  if (Engine* e = g_active.load(std::memory_order_acquire)) return *e;
  std::lock_guard lock(g_engine_mu);
  return *current_engine_locked();
}

// Locks in the engine: called when the first port is created.
static Engine& engine_for_new_port() {
  std::lock_guard lock(g_engine_mu);
  g_engine_locked = true;
  Engine* e = current_engine_locked();
  g_active.store(e, std::memory_order_release);
  return *e;
}

}  // namespace iocplab::platform

using namespace iocplab::platform;

bool iocplab_set_engine(const char* name) {
  std::lock_guard lock(g_engine_mu);
  g_engine_error.clear();
  if (!name) name = "";
  if (g_engine_locked) {
    if (g_engine && std::strcmp(g_engine->name(), name) == 0) return true;
    g_engine_error = "the engine cannot change after the first completion port exists";
    return false;
  }
  std::string why;
  Engine* e = make_engine(name, &why);
  if (!e) {
    g_engine_error = why;
    return false;
  }
  // An engine not yet used by any port holds no resources that matter; keep the old one
  // alive (reachable, so leak checkers agree) rather than risk a dangling reference.
  static auto* replaced = new std::vector<Engine*>;
  if (g_engine) replaced->push_back(g_engine);
  g_engine = e;
  return true;
}

const char* iocplab_engine_name() { return engine().name(); }

const char* iocplab_engine_error() {
  std::lock_guard lock(g_engine_mu);
  return g_engine_error.c_str();
}

namespace {
Port* as_port(HANDLE h) {
  if (!h || h == INVALID_HANDLE_VALUE) return nullptr;
  return static_cast<Port*>(h);
}
}  // namespace

HANDLE CreateIoCompletionPort(HANDLE file, HANDLE existing, ULONG_PTR key, DWORD /*threads*/) {
  if (file == INVALID_HANDLE_VALUE) {
    if (existing) {
      set_last_error(ERROR_INVALID_PARAMETER);
      return nullptr;
    }
    Port* p = engine_for_new_port().create_port();
    return p;
  }
  // Associate a socket with an existing port.
  Port* port = as_port(existing);
  int fd = static_cast<int>(reinterpret_cast<intptr_t>(file));
  SockState* s = sock_state(fd);
  if (!port || !s) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return nullptr;
  }
  if (!port->try_add_ref()) {  // the socket's reference; fails for a closed, gone port
    set_last_error(ERROR_INVALID_HANDLE);
    return nullptr;
  }
  if (port->closed()) {
    port->release();
    set_last_error(ERROR_INVALID_HANDLE);
    return nullptr;
  }
  std::unique_lock lock(s->mu);
  auto fail = [&](DWORD e) -> HANDLE {
    lock.unlock();
    port->release();
    set_last_error(e);
    return nullptr;
  };
  if (!s->open) {
    // A socket made with plain socket(): adopt it.
    if (::fcntl(fd, F_GETFD) < 0) return fail(ERROR_INVALID_HANDLE);
    sock_open_locked(*s, fd);
  }
  if (s->port) return fail(ERROR_INVALID_PARAMETER);  // one association per handle, as on Windows
  s->port = port;
  s->key = key;
  if (int err = engine().associate(*s)) {
    s->port = nullptr;
    return fail(static_cast<DWORD>(err));
  }
  return existing;
}

BOOL GetQueuedCompletionStatus(HANDLE port_handle, LPDWORD bytes, PULONG_PTR key,
                               LPOVERLAPPED* ov, DWORD timeout_ms) {
  Port* port = as_port(port_handle);
  if (!port || !bytes || !key || !ov) {
    if (ov) *ov = nullptr;
    set_last_error(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  if (!port->try_add_ref()) {  // closed and gone; a CloseHandle during the wait is fine
    *ov = nullptr;
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  Completion c;
  ULONG got = 0;
  BOOL ok = port->dequeue(&c, 1, &got, timeout_ms);
  port->release();
  if (!ok || got == 0) {
    *ov = nullptr;
    return FALSE;
  }
  *bytes = c.bytes;
  *key = c.key;
  *ov = c.ov;
  if (c.error) {
    set_last_error(c.error);
    return FALSE;
  }
  return TRUE;
}

BOOL GetQueuedCompletionStatusEx(HANDLE port_handle, LPOVERLAPPED_ENTRY entries, ULONG count,
                                 PULONG removed, DWORD timeout_ms, BOOL /*alertable*/) {
  Port* port = as_port(port_handle);
  if (!port || !entries || count == 0 || !removed) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  constexpr ULONG kBatch = 64;
  Completion cs[kBatch];
  ULONG got = 0;
  if (!port->try_add_ref()) {
    *removed = 0;
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  BOOL ok = port->dequeue(cs, std::min(count, kBatch), &got, timeout_ms);
  port->release();
  *removed = got;
  if (!ok || got == 0) return FALSE;
  for (ULONG i = 0; i < got; ++i) {
    entries[i].lpCompletionKey = cs[i].key;
    entries[i].lpOverlapped = cs[i].ov;
    entries[i].Internal = cs[i].error;
    entries[i].dwNumberOfBytesTransferred = cs[i].bytes;
  }
  return TRUE;
}

BOOL PostQueuedCompletionStatus(HANDLE port_handle, DWORD bytes, ULONG_PTR key, LPOVERLAPPED ov) {
  Port* port = as_port(port_handle);
  if (!port || !port->try_add_ref()) {
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  bool open = !port->closed();
  if (open) port->enqueue(Completion{key, ov, bytes, 0});
  port->release();
  if (!open) set_last_error(ERROR_INVALID_HANDLE);
  return open ? TRUE : FALSE;
}

BOOL CloseHandle(HANDLE h) {
  Port* port = as_port(h);
  if (!port || !port->try_add_ref()) {
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  if (!port->mark_closed()) {  // closed already: the handle is no longer valid
    port->release();
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  port->close();    // wake the waiters
  port->release();  // ours
  port->release();  // the handle's
  return TRUE;
}

void Sleep(DWORD ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }
