// account_db.h — the accounts table in SQLite. Synchronous; used only by the account
// store's own thread (never by a worker thread).
//
// Durability: WAL journal with synchronous=NORMAL. A commit in WAL mode has written its
// frames to the WAL file (the OS page cache) before it returns, so it survives a crash of
// the process (SIGKILL); only an OS crash or power loss can lose the last commits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace iocplab::game {

struct AccountRow {
  std::string pwhash;
  bool has_position = false;
  uint16_t x = 0, y = 0;
};

class AccountDb {
 public:
  AccountDb() = default;
  ~AccountDb();
  AccountDb(const AccountDb&) = delete;
  AccountDb& operator=(const AccountDb&) = delete;

  bool open(const std::string& path, std::string* error);  // ":memory:" keeps nothing
  // nullopt: no such account. *failed is set on a database error.
  std::optional<AccountRow> find(const std::string& name, bool* failed);
  enum class Insert { Done, Exists, Failed };
  Insert insert(const std::string& name, const std::string& pwhash);
  bool save_position(const std::string& name, uint16_t x, uint16_t y);
  bool begin();
  bool commit();
  // Ends a transaction that is still open (after a failed statement or COMMIT), so the
  // next begin() starts clean. SQLite rolls some failures back by itself; this covers the rest.
  bool rollback();
  bool in_transaction() const;
  const std::string& last_error() const { return last_error_; }  // of the last failure

 private:
  bool exec(const char* sql, std::string* error = nullptr);
  bool note_failure(const char* what);  // records what and sqlite3_errmsg in last_error_; false

  std::string last_error_;

  sqlite3* db_ = nullptr;
  sqlite3_stmt* find_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* save_ = nullptr;
};

}  // namespace iocplab::game
