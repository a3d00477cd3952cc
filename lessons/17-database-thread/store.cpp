// store.cpp — the store thread: one SQLite connection, one queue, answers posted to the port.
#include <sodium.h>
#include <sqlite3.h>
#include "server.h"

// [lesson:store-thread]
bool Server::start_store() {
  if (sodium_init() < 0 || sqlite3_open(config_.db.c_str(), &db_) != SQLITE_OK ||
      sqlite3_exec(db_, "CREATE TABLE IF NOT EXISTS accounts (name TEXT PRIMARY KEY, hash TEXT, x INT, y INT)",
                   nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  sqlite3_busy_timeout(db_, config_.busy_ms);  // a locked file: retry this long, then fail
  //ko: 잠긴 파일: 이만큼 다시 해 보고, 그래도 안 되면 실패
  store_thread_ = std::thread([this] {  // one job at a time, in order: a save lands before the next login
    //ko: 한 번에 하나씩, 들어온 순서대로: 저장은 다음 로그인보다 먼저 끝난다
    for (;;) {
      std::unique_lock<std::mutex> guard(store_lock_);
      store_wake_.wait(guard, [this] { return !store_queue_.empty(); });
      StoreJob* job = store_queue_.front();
      store_queue_.pop_front();
      guard.unlock();
      if (job == nullptr) return;  // the quit: everything queued before it is done
      //ko: 종료 신호: 그 앞에 줄 선 것은 모두 끝났다
      if (job->fail == 0) answer(*job);  // the slow part: disk and hashing, on this thread only
      //ko: 느린 부분: 디스크와 해시, 이 쓰레드에서만
      if (job->kind == StoreJob::Save) delete job;  // a save goes one way
      //ko: 저장 요청은 가기만 한다
      else PostQueuedCompletionStatus(port_, 0, (ULONG_PTR)index_of(job->id), &job->overlapped);  // like any completion
      //ko: 여느 완료처럼: 키 = 그 클라이언트의 인덱스, OVERLAPPED 자리에는 요청 객체
    }
  });
  return true;
}

void Server::submit(StoreJob* job) {
  std::lock_guard<std::mutex> guard(store_lock_);
  store_queue_.push_back(job);
  store_wake_.notify_one();  // the store thread does the work; the caller goes on at once
  //ko: 일은 저장소 쓰레드가 한다. 부른 쪽은 곧바로 제 일을 계속한다
}

void Server::stop_store() {  // after the last client: no login is at the store, saves are written
  //ko: 마지막 클라이언트 뒤에: 저장소에 가 있는 로그인은 없고, 저장은 기록된다
  if (store_thread_.joinable()) {
    submit(nullptr);  // one quit, as each worker gets one
    //ko: 종료 신호 하나. 워커들이 하나씩 받는 것처럼
    store_thread_.join();
  }
  sqlite3_close(db_);  // nullptr is fine
  //ko: nullptr여도 된다
}
// [/lesson:store-thread]

// [lesson:answer]
void Server::answer(StoreJob& job) {
  std::string hash;
  if (job.kind == StoreJob::Save) {
    if (sql("UPDATE accounts SET x = ?3, y = ?4 WHERE name = ?1", job, hash) != SQLITE_DONE)
      log("store: the position of %s was not saved: %s", job.name.c_str(), sqlite3_errmsg(db_));
    return;
  }
  int found = sql("SELECT hash, x, y FROM accounts WHERE name = ?1", job, hash);
  if (found == SQLITE_ROW) {  // a known name: the password against its Argon2id hash
    //ko: 아는 이름: 비밀번호를 그 Argon2id 해시와 맞춰 본다
    job.fail = crypto_pwhash_str_verify(hash.c_str(), job.password.data(), job.password.size()) == 0 ? 0 : kWrongPassword;
    return;
  }
  char made[crypto_pwhash_STRBYTES];  // a new name registers: only its hash is kept
  //ko: 새 이름은 가입이다: 해시만 남긴다
  job.fail = kStoreError;  // unless all three steps go well
  //ko: 세 단계가 모두 잘 되지 않으면
  if (found == SQLITE_DONE &&
      crypto_pwhash_str_alg(made, job.password.data(), job.password.size(), config_.hash_passes,
                            size_t(config_.hash_memory_kib) * 1024, crypto_pwhash_ALG_ARGON2ID13) == 0 &&
      sql("INSERT INTO accounts VALUES (?1, ?2, ?3, ?4)", job, hash = made) == SQLITE_DONE)
    job.fail = 0;
  else  // SQLITE_BUSY after busy_ms, a full disk, no memory for the hash...
    //ko: busy_ms 뒤의 SQLITE_BUSY, 꽉 찬 디스크, 해시할 메모리 부족...
    log("store: login of %s failed: %s", job.name.c_str(), sqlite3_errmsg(db_));
}

// ?1 name, ?2 hash, ?3 x, ?4 y are bound, never pasted into the SQL; a row lands in hash, x, y.
//ko: ?1 name, ?2 hash, ?3 x, ?4 y는 바인딩한다. SQL 문자열에 이어 붙이지 않는다. 읽은 행은 hash, x, y로.
int Server::sql(const char* text, StoreJob& job, std::string& hash) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, text, -1, &s, nullptr) != SQLITE_OK) return SQLITE_ERROR;
  sqlite3_bind_text(s, 1, job.name.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 2, hash.c_str(), -1, SQLITE_TRANSIENT);  // a ?N the text lacks: refused, harmless
  //ko: 문장에 없는 ?N은 거절된다. 해가 없다
  sqlite3_bind_int(s, 3, job.x);
  sqlite3_bind_int(s, 4, job.y);
  int step = sqlite3_step(s);  // SQLITE_BUSY once busy_ms have passed on a locked file
  //ko: 파일이 잠겨 있으면 busy_ms가 지난 뒤 SQLITE_BUSY
  if (step == SQLITE_ROW) {
    hash = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    job.x = sqlite3_column_int(s, 1);
    job.y = sqlite3_column_int(s, 2);
  }
  sqlite3_finalize(s);
  return step;
}
// [/lesson:answer]
