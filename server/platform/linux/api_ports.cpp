// api_ports.cpp — completion port calls and the choice of engine.
#include <fcntl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

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
  // alive rather than risk a dangling reference.
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
  std::lock_guard lock(s->mu);
  if (!s->open) {
    // A socket made with plain socket(): adopt it.
    if (::fcntl(fd, F_GETFD) < 0) {
      set_last_error(ERROR_INVALID_HANDLE);
      return nullptr;
    }
    s->fd = fd;
    s->gen++;
    s->open = true;
  }
  if (s->port) {  // Windows allows one association per handle
    set_last_error(ERROR_INVALID_PARAMETER);
    return nullptr;
  }
  port->add_ref();
  s->port = port;
  s->key = key;
  if (int err = engine().associate(*s)) {
    s->port = nullptr;
    port->release();
    set_last_error(static_cast<DWORD>(err));
    return nullptr;
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
  port->add_ref();  // a CloseHandle during the wait must not free the port under us
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
  port->add_ref();
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
  if (!port || port->closed()) {
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  port->enqueue(Completion{key, ov, bytes, 0});
  return TRUE;
}

BOOL CloseHandle(HANDLE h) {
  Port* port = as_port(h);
  if (!port) {
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  port->close();
  port->release();
  return TRUE;
}

void Sleep(DWORD ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }
