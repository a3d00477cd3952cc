// store.cpp — the store thread: one SQLite connection, one queue, answers posted to the port.
#include "store.h"

#include <sodium.h>
#include <sqlite3.h>

#include "protocol.h"

// [lesson:start]
bool Store::start(const StoreConfig& config, HANDLE port, ULONG_PTR key) {
  config_ = config;
  port_ = port;
  key_ = key;
  if (sodium_init() < 0) return false;
  if (sqlite3_open(config_.path.c_str(), &db_) != SQLITE_OK) {
    log(std::string("store: cannot open ") + config_.path + ": " + sqlite3_errmsg(db_));
    return false;
  }
  sqlite3_busy_timeout(db_, config_.busy_ms);  // a locked file: retry this long, then fail
  //ko: 잠긴 파일: 이만큼 다시 해 보고, 그래도 안 되면 실패
  if (sqlite3_exec(db_, "CREATE TABLE IF NOT EXISTS accounts (name TEXT PRIMARY KEY, hash TEXT, x INT, y INT)",
                   nullptr, nullptr, nullptr) != SQLITE_OK) {
    log(std::string("store: ") + sqlite3_errmsg(db_));
    return false;
  }
  thread_ = std::thread([this] { run(); });
  return true;
}
// [/lesson:start]

// [lesson:queue]
void Store::submit(StoreJob* job) {
  {
    std::lock_guard<std::mutex> guard(lock_);
    queue_.push_back(job);
  }
  wake_.notify_one();  // the store thread does the work; the caller goes on at once
  //ko: 일은 저장소 쓰레드가 한다. 부른 쪽은 곧바로 제 일을 계속한다
}

// The store thread: one job at a time, in order, so a save always lands before the next
// login of the same name reads it.
//ko: 저장소 쓰레드: 한 번에 하나씩, 들어온 순서대로. 그래서 저장은 언제나 같은 이름의
//ko: 다음 로그인이 읽기 전에 끝나 있다.
void Store::run() {
  for (;;) {
    std::unique_lock<std::mutex> guard(lock_);
    wake_.wait(guard, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to answer
    //ko: 멈추는 중이고, 더 답할 것이 없다
    StoreJob* job = queue_.front();
    queue_.pop_front();
    guard.unlock();
    answer(*job);  // the slow part: disk and hashing, on this thread only
    //ko: 느린 부분: 디스크와 해시, 이 쓰레드에서만
    if (job->kind == StoreJob::Save) {
      delete job;
      continue;
    }
    // The answer goes back like any completion: key kStoreKey, the job as the OVERLAPPED.
    //ko: 답은 여느 완료처럼 돌아간다: 키는 kStoreKey, OVERLAPPED 자리에는 요청 객체.
    if (!PostQueuedCompletionStatus(port_, 0, key_, &job->overlapped))
      log("store: PostQueuedCompletionStatus failed");
  }
}
// [/lesson:queue]

// [lesson:answer]
void Store::answer(StoreJob& job) {
  if (job.kind == StoreJob::Save) {
    if (!execute("UPDATE accounts SET x = ?3, y = ?4 WHERE name = ?1", job.name, "", job.x, job.y))
      log("store: the position of " + job.name + " was not saved: " + sqlite3_errmsg(db_));
    return;
  }
  std::string hash;
  bool found = false;
  job.fail = kStoreError;  // 6 until the store has answered
  //ko: 저장소가 답할 때까지는 6
  if (!find(job.name, &hash, &job.x, &job.y, &found)) {
    log("store: login of " + job.name + " failed: " + sqlite3_errmsg(db_));
    return;
  }
  if (found) {  // a known name: the password against its Argon2id hash
    //ko: 아는 이름: 비밀번호를 그 Argon2id 해시와 맞춰 본다
    job.fail = crypto_pwhash_str_verify(hash.c_str(), job.password.data(), job.password.size()) == 0 ? 0 : kWrongPassword;
    return;
  }
  char made[crypto_pwhash_STRBYTES];  // a new name registers: only the hash is kept
  //ko: 새 이름은 가입이다: 해시만 남긴다
  if (crypto_pwhash_str_alg(made, job.password.data(), job.password.size(), config_.hash_passes,
                            size_t(config_.hash_memory_kib) * 1024, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    log("store: hashing failed (out of memory?)");
    return;
  }
  if (!execute("INSERT INTO accounts (name, hash, x, y) VALUES (?1, ?2, ?3, ?4)", job.name, made, job.x, job.y)) {
    log("store: " + job.name + " not registered: " + sqlite3_errmsg(db_));
    return;
  }
  job.fail = 0;
}
// [/lesson:answer]

// [lesson:sql]
bool Store::find(const std::string& name, std::string* hash, int* x, int* y, bool* found) {
  sqlite3_stmt* query = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT hash, x, y FROM accounts WHERE name = ?1", -1, &query, nullptr) != SQLITE_OK)
    return false;
  sqlite3_bind_text(query, 1, name.c_str(), -1, SQLITE_TRANSIENT);
  int step = sqlite3_step(query);  // SQLITE_BUSY once busy_ms have passed on a locked file
  //ko: 파일이 잠겨 있으면 busy_ms가 지난 뒤 SQLITE_BUSY
  *found = step == SQLITE_ROW;
  if (*found) {
    hash->assign(reinterpret_cast<const char*>(sqlite3_column_text(query, 0)));
    *x = sqlite3_column_int(query, 1);
    *y = sqlite3_column_int(query, 2);
  }
  sqlite3_finalize(query);
  return step == SQLITE_ROW || step == SQLITE_DONE;
}

bool Store::execute(const char* sql, const std::string& name, const std::string& hash, int x, int y) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db_, sql, -1, &statement, nullptr) != SQLITE_OK) return false;
  sqlite3_bind_text(statement, 1, name.c_str(), -1, SQLITE_TRANSIENT);  // bound, never pasted in
  //ko: 값은 바인딩한다. SQL 문자열에 이어 붙이지 않는다
  if (!hash.empty()) sqlite3_bind_text(statement, 2, hash.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(statement, 3, x);
  sqlite3_bind_int(statement, 4, y);
  int step = sqlite3_step(statement);
  sqlite3_finalize(statement);
  return step == SQLITE_DONE;
}
// [/lesson:sql]

// [lesson:stop]
void Store::stop() {
  {
    std::lock_guard<std::mutex> guard(lock_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  if (db_ != nullptr) sqlite3_close(db_);
  db_ = nullptr;
}
// [/lesson:stop]

void Store::log(const std::string& line) {
  if (config_.log) config_.log(line);
}
