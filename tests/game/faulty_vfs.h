// faulty_vfs.h — fault injection for the account store: a SQLite VFS that wraps the default
// one and, while switched on, fails every write, sync and truncate (a full or broken disk).
// install() registers it as the process's default VFS, so every database opened afterwards
// (the Game's too) goes through it; files opened before keep the VFS they were opened with.
#pragma once

namespace iocplab::game::test::faulty_vfs {

// What a refused write, sync or truncate returns: SQLITE_FULL, SQLITE_IOERR_WRITE (FSYNC,
// TRUNCATE), or SQLITE_BUSY (the file locked by someone else, as network file systems and
// virus scanners do): a COMMIT refused with BUSY is the one SQLite leaves open.
enum class Fault { None, Full, IoError, Busy };

void install();             // once per process; later calls do nothing
void set(Fault f);          // takes effect at the next file operation
long failed_operations();   // writes/syncs/truncates refused so far

// Switches a fault on for its lifetime.
struct Scope {
  explicit Scope(Fault f) { set(f); }
  ~Scope() { set(Fault::None); }
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;
};

}  // namespace iocplab::game::test::faulty_vfs
