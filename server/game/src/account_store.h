// account_store.h — accounts and saved positions, on the store's OWN thread: worker threads
// only queue requests here and never wait on disk or password hashing. Jobs run in queue
// order, in batches of one transaction; a login's answer is given only after the batch
// holding it is committed (so a registration is durable before SC_LOGIN_OK is sent).
//
// Argon2id runs on the hash pool (hash_pool.h), never on the store thread: a login reads
// its row in one batch, is hashed or verified on the pool, and comes back as a later job
// (a new account's insert, or the verified answer). So the store thread never waits out a
// 10 ms hash while other logins' batches and saves queue behind it.
//
// Faults (PROTOCOL.md v1.1): a batch whose writes or COMMIT fail is rolled back; its logins
// fail (LoginOutcome::Failed: SC_LOGIN_FAIL(6)); its saves are kept, newest per name, and
// retried with every later batch and once a second until the disk takes them. The failure
// and the recovery are logged once each.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "account_db.h"
#include "hash_pool.h"
#include "password_hash.h"

namespace iocplab::game {

struct LoginOutcome {
  enum class Status { Verified, Registered, WrongPassword, Failed };
  Status status = Status::Failed;
  bool has_position = false;  // a saved position (returning account)
  uint16_t x = 0, y = 0;
};

struct StoreConfig {
  std::string db_path = "iocplab.db";  // ":memory:" keeps nothing
  HashCost cost;                       // --hash-memory, --hash-passes
  unsigned hash_threads = 0;           // 0: min(2, cores)
};

class AccountStore {
 public:
  using LoginDone = std::function<void(const LoginOutcome&)>;  // runs on the store thread

  // Saves waiting for a failed disk at most; more distinct names than this lose their save.
  static constexpr size_t kMaxPendingSaves = 65536;

  struct Stats {
    uint64_t failed_batches = 0;  // batches rolled back
    uint64_t failed_logins = 0;   // logins answered Failed
    uint64_t pending_saves = 0;   // saves waiting for retry now
    uint64_t dropped_saves = 0;   // saves lost to kMaxPendingSaves or to a stop while failing
  };

  AccountStore() = default;
  ~AccountStore();  // stop()
  AccountStore(const AccountStore&) = delete;
  AccountStore& operator=(const AccountStore&) = delete;

  bool start(const StoreConfig& cfg, std::string* error);
  // Registers an unknown name, else verifies the password. The password is wiped after use.
  void login(std::string name, std::string password, LoginDone done);
  void save(std::string name, uint16_t x, uint16_t y);
  // Blocks until every job queued before it is done: logins answered, saves committed (or,
  // while the disk fails, kept for retry).
  void flush();
  // Finishes every queued job and login in progress, then joins the threads; later jobs are
  // dropped (a later login is answered Failed at once).
  void stop();
  Stats stats() const;

 private:
  struct Job {
    enum class Kind { Login, Save, Flush, Hashed, Checked } kind = Kind::Login;
    uint64_t seq = 0;  // queue order, for flush(); a login keeps it through the pool
    std::string name, password;
    uint16_t x = 0, y = 0;
    LoginDone done;
    std::function<void()> flushed;
    bool in_flight = false;              // Login on the pool: counted in in_flight_
    std::optional<std::string> pwhash;   // Hashed: the new account's hash; the stored one to verify
    LoginOutcome outcome;                // Checked: the answer
    Job() = default;
    Job(Job&&) = default;
    Job& operator=(Job&&) = default;
    ~Job();  // wipes the password
  };
  struct Answer {
    Job job;
    bool needs_commit = false;  // a registration: only once its row is committed
  };

  void run();
  void run_batch(std::deque<Job>& batch);
  void read_account(Job& job, std::vector<Answer>& answers, std::vector<Job>& to_verify);
  void insert_account(Job& job, std::vector<Answer>& answers, std::vector<Job>& to_verify, bool* write_failed);
  void hash_on_pool(Job job);
  void verify_on_pool(Job job, const AccountRow& row);
  void answer(Job& job, const LoginOutcome& outcome);
  void mark_in_flight(Job& job);
  void release_waiters(const std::string& name);
  void finish_flushes();
  bool enqueue(Job&& job, bool internal = false);  // false when the store is not running

  StoreConfig cfg_;
  AccountDb db_;     // used only by thread_ once it runs
  HashPool pool_;
  // Store thread only:
  std::multiset<uint64_t> in_flight_;  // seq of each login on the pool
  std::deque<std::pair<uint64_t, std::function<void()>>> flushes_;  // waiting for older logins
  // name -> x, y: this batch's saves, and those a failed disk refused (cleared on commit)
  std::map<std::string, std::pair<uint16_t, uint16_t>> pending_saves_;
  std::set<std::string> inserted_now_;  // names this batch registered
  std::map<std::string, std::deque<Job>> registering_;  // name being hashed -> logins waiting for it
  bool failing_ = false;  // the last batch was rolled back (logged once)

  mutable std::mutex lock_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;   // guarded by lock_
  bool running_ = false;   // guarded by lock_
  uint64_t next_seq_ = 0;  // guarded by lock_
  Stats stats_;            // guarded by lock_
  std::thread thread_;
};

}  // namespace iocplab::game
