#include "account_db.h"

#include <sqlite3.h>

namespace iocplab::game {

namespace {

bool prepare(sqlite3* db, const char* sql, sqlite3_stmt** out, std::string* error) {
  if (sqlite3_prepare_v2(db, sql, -1, out, nullptr) == SQLITE_OK) return true;
  if (error) *error = sqlite3_errmsg(db);
  return false;
}

// Names are bound as BLOBs: compared byte for byte, as PROTOCOL.md requires.
void bind_name(sqlite3_stmt* s, int index, const std::string& name) {
  sqlite3_bind_blob(s, index, name.data(), int(name.size()), SQLITE_TRANSIENT);
}

}  // namespace

AccountDb::~AccountDb() {
  sqlite3_finalize(find_);
  sqlite3_finalize(insert_);
  sqlite3_finalize(save_);
  if (db_) sqlite3_close(db_);
}

bool AccountDb::exec(const char* sql, std::string* error) {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) == SQLITE_OK) return true;
  last_error_ = std::string(sql) + ": " + (msg ? msg : "sqlite error");
  if (error) *error = msg ? msg : "sqlite error";
  sqlite3_free(msg);
  return false;
}

bool AccountDb::note_failure(const char* what) {
  last_error_ = std::string(what) + ": " + sqlite3_errmsg(db_);
  return false;
}

bool AccountDb::open(const std::string& path, std::string* error) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    if (error) *error = db_ ? sqlite3_errmsg(db_) : "cannot open database";
    return false;
  }
  sqlite3_busy_timeout(db_, 5000);
  return exec("PRAGMA journal_mode=WAL", error) && exec("PRAGMA synchronous=NORMAL", error) &&
         exec("CREATE TABLE IF NOT EXISTS accounts ("
              " name BLOB PRIMARY KEY, pwhash TEXT NOT NULL, x INTEGER, y INTEGER)",
              error) &&
         prepare(db_, "SELECT pwhash, x, y FROM accounts WHERE name = ?1", &find_, error) &&
         prepare(db_, "INSERT INTO accounts (name, pwhash) VALUES (?1, ?2)", &insert_, error) &&
         prepare(db_, "UPDATE accounts SET x = ?2, y = ?3 WHERE name = ?1", &save_, error);
}

std::optional<AccountRow> AccountDb::find(const std::string& name, bool* failed) {
  *failed = false;
  sqlite3_reset(find_);
  bind_name(find_, 1, name);
  const int rc = sqlite3_step(find_);
  if (rc == SQLITE_DONE) return std::nullopt;
  if (rc != SQLITE_ROW) {
    note_failure("find");
    sqlite3_reset(find_);
    *failed = true;
    return std::nullopt;
  }
  AccountRow row;
  row.pwhash.assign(reinterpret_cast<const char*>(sqlite3_column_text(find_, 0)),
                    size_t(sqlite3_column_bytes(find_, 0)));
  if (sqlite3_column_type(find_, 1) == SQLITE_INTEGER && sqlite3_column_type(find_, 2) == SQLITE_INTEGER) {
    row.has_position = true;
    row.x = uint16_t(sqlite3_column_int(find_, 1));
    row.y = uint16_t(sqlite3_column_int(find_, 2));
  }
  sqlite3_reset(find_);
  return row;
}

AccountDb::Insert AccountDb::insert(const std::string& name, const std::string& pwhash) {
  sqlite3_reset(insert_);
  bind_name(insert_, 1, name);
  sqlite3_bind_text(insert_, 2, pwhash.data(), int(pwhash.size()), SQLITE_TRANSIENT);
  const int rc = sqlite3_step(insert_);
  if (rc != SQLITE_DONE) note_failure("insert");
  sqlite3_reset(insert_);
  if (rc == SQLITE_DONE) return Insert::Done;
  // The name was registered meanwhile (two first logins for it at once).
  if ((rc & 0xff) == SQLITE_CONSTRAINT) return Insert::Exists;
  return Insert::Failed;
}

bool AccountDb::save_position(const std::string& name, uint16_t x, uint16_t y) {
  sqlite3_reset(save_);
  bind_name(save_, 1, name);
  sqlite3_bind_int(save_, 2, x);
  sqlite3_bind_int(save_, 3, y);
  const bool ok = sqlite3_step(save_) == SQLITE_DONE;
  if (!ok) note_failure("save_position");
  sqlite3_reset(save_);
  return ok;
}

bool AccountDb::begin() { return exec("BEGIN"); }
bool AccountDb::commit() { return exec("COMMIT"); }
bool AccountDb::in_transaction() const { return db_ && sqlite3_get_autocommit(db_) == 0; }
bool AccountDb::rollback() {
  if (!in_transaction()) return true;
  const std::string cause = last_error_;  // keep the failure that made the rollback needed
  const bool ok = exec("ROLLBACK");
  if (ok) last_error_ = cause;
  return ok;
}

}  // namespace iocplab::game
