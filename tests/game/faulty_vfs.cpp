#include "faulty_vfs.h"

#include <sqlite3.h>

#include <atomic>
#include <cstring>
#include <mutex>

namespace iocplab::game::test::faulty_vfs {
namespace {

std::atomic<Fault> g_fault{Fault::None};
std::atomic<long> g_failed{0};
sqlite3_vfs* g_real = nullptr;  // the default VFS it wraps
sqlite3_vfs g_vfs;

// Our file object; the real VFS's file object lives right behind it.
struct File {
  sqlite3_file base;
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};
File* of(sqlite3_file* f) { return reinterpret_cast<File*>(f); }
const sqlite3_io_methods* real_methods(sqlite3_file* f) { return of(f)->real()->pMethods; }

int refuse(int io_error) {
  const Fault f = g_fault.load();
  if (f == Fault::None) return SQLITE_OK;
  g_failed.fetch_add(1);
  return f == Fault::Full ? SQLITE_FULL : f == Fault::Busy ? SQLITE_BUSY : io_error;
}

int x_close(sqlite3_file* f) { return real_methods(f)->xClose(of(f)->real()); }
int x_read(sqlite3_file* f, void* p, int n, sqlite3_int64 off) { return real_methods(f)->xRead(of(f)->real(), p, n, off); }
int x_write(sqlite3_file* f, const void* p, int n, sqlite3_int64 off) {
  if (int rc = refuse(SQLITE_IOERR_WRITE)) return rc;
  return real_methods(f)->xWrite(of(f)->real(), p, n, off);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (int rc = refuse(SQLITE_IOERR_TRUNCATE)) return rc;
  return real_methods(f)->xTruncate(of(f)->real(), size);
}
int x_sync(sqlite3_file* f, int flags) {
  if (int rc = refuse(SQLITE_IOERR_FSYNC)) return rc;
  return real_methods(f)->xSync(of(f)->real(), flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* size) { return real_methods(f)->xFileSize(of(f)->real(), size); }
int x_lock(sqlite3_file* f, int l) { return real_methods(f)->xLock(of(f)->real(), l); }
int x_unlock(sqlite3_file* f, int l) { return real_methods(f)->xUnlock(of(f)->real(), l); }
int x_check(sqlite3_file* f, int* out) { return real_methods(f)->xCheckReservedLock(of(f)->real(), out); }
int x_control(sqlite3_file* f, int op, void* arg) { return real_methods(f)->xFileControl(of(f)->real(), op, arg); }
int x_sector(sqlite3_file* f) { return real_methods(f)->xSectorSize(of(f)->real()); }
int x_device(sqlite3_file* f) { return real_methods(f)->xDeviceCharacteristics(of(f)->real()); }
int x_shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
  return real_methods(f)->xShmMap(of(f)->real(), page, size, extend, out);
}
int x_shm_lock(sqlite3_file* f, int off, int n, int flags) { return real_methods(f)->xShmLock(of(f)->real(), off, n, flags); }
void x_shm_barrier(sqlite3_file* f) { real_methods(f)->xShmBarrier(of(f)->real()); }
int x_shm_unmap(sqlite3_file* f, int del) { return real_methods(f)->xShmUnmap(of(f)->real(), del); }
// No memory-mapped reads: every page goes through xRead/xWrite where the faults are.
int x_fetch(sqlite3_file*, sqlite3_int64, int, void** out) {
  *out = nullptr;
  return SQLITE_OK;
}
int x_unfetch(sqlite3_file*, sqlite3_int64, void*) { return SQLITE_OK; }

const sqlite3_io_methods kMethods = {
    3,        x_close,   x_read,    x_write,       x_truncate,  x_sync,    x_file_size, x_lock,
    x_unlock, x_check,   x_control, x_sector,      x_device,    x_shm_map, x_shm_lock,  x_shm_barrier,
    x_shm_unmap, x_fetch, x_unfetch};

int x_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  File* file = of(f);
  file->base.pMethods = nullptr;
  const int rc = g_real->xOpen(g_real, name, file->real(), flags, out_flags);
  if (file->real()->pMethods) file->base.pMethods = &kMethods;  // xClose is owed even on failure
  return rc;
}
int x_delete(sqlite3_vfs*, const char* name, int sync_dir) { return g_real->xDelete(g_real, name, sync_dir); }
int x_access(sqlite3_vfs*, const char* name, int flags, int* out) { return g_real->xAccess(g_real, name, flags, out); }
int x_full(sqlite3_vfs*, const char* name, int n, char* out) { return g_real->xFullPathname(g_real, name, n, out); }
void* x_dlopen(sqlite3_vfs*, const char* name) { return g_real->xDlOpen(g_real, name); }
void x_dlerror(sqlite3_vfs*, int n, char* out) { g_real->xDlError(g_real, n, out); }
void (*x_dlsym(sqlite3_vfs*, void* h, const char* sym))(void) { return g_real->xDlSym(g_real, h, sym); }
void x_dlclose(sqlite3_vfs*, void* h) { g_real->xDlClose(g_real, h); }
int x_random(sqlite3_vfs*, int n, char* out) { return g_real->xRandomness(g_real, n, out); }
int x_sleep(sqlite3_vfs*, int us) { return g_real->xSleep(g_real, us); }
int x_time(sqlite3_vfs*, double* out) { return g_real->xCurrentTime(g_real, out); }
int x_last_error(sqlite3_vfs*, int n, char* out) { return g_real->xGetLastError(g_real, n, out); }
int x_time64(sqlite3_vfs*, sqlite3_int64* out) { return g_real->xCurrentTimeInt64(g_real, out); }

}  // namespace

void install() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_real = sqlite3_vfs_find(nullptr);
    std::memset(&g_vfs, 0, sizeof g_vfs);
    g_vfs.iVersion = 2;
    g_vfs.szOsFile = int(sizeof(File)) + g_real->szOsFile;
    g_vfs.mxPathname = g_real->mxPathname;
    g_vfs.zName = "iocplab-faulty";
    g_vfs.xOpen = x_open;
    g_vfs.xDelete = x_delete;
    g_vfs.xAccess = x_access;
    g_vfs.xFullPathname = x_full;
    g_vfs.xDlOpen = x_dlopen;
    g_vfs.xDlError = x_dlerror;
    g_vfs.xDlSym = x_dlsym;
    g_vfs.xDlClose = x_dlclose;
    g_vfs.xRandomness = x_random;
    g_vfs.xSleep = x_sleep;
    g_vfs.xCurrentTime = x_time;
    g_vfs.xGetLastError = x_last_error;
    g_vfs.xCurrentTimeInt64 = x_time64;
    sqlite3_vfs_register(&g_vfs, 1);
  });
}

void set(Fault f) { g_fault.store(f); }
long failed_operations() { return g_failed.load(); }

}  // namespace iocplab::game::test::faulty_vfs
