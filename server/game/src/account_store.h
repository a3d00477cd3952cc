// account_store.h — accounts and saved positions, on the store's OWN thread: worker threads
// only queue requests here and never wait on disk or password hashing. Jobs run in queue
// order, in batches of one transaction; a login's answer is given only after the batch
// holding it is committed (so a registration is durable before SC_LOGIN_OK is sent).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "account_db.h"

namespace iocplab::game {

struct LoginOutcome {
  enum class Status { Verified, Registered, WrongPassword, Failed };
  Status status = Status::Failed;
  bool has_position = false;  // a saved position (returning account)
  uint16_t x = 0, y = 0;
};

class AccountStore {
 public:
  using LoginDone = std::function<void(const LoginOutcome&)>;  // runs on the store thread

  AccountStore() = default;
  ~AccountStore();  // finishes every queued job, then stops the thread
  AccountStore(const AccountStore&) = delete;
  AccountStore& operator=(const AccountStore&) = delete;

  bool start(const std::string& db_path, std::string* error);
  // Registers an unknown name, else verifies the password. The password is wiped after use.
  void login(std::string name, std::string password, LoginDone done);
  void save(std::string name, uint16_t x, uint16_t y);
  void flush();  // blocks until every job queued before it is committed
  void stop();   // finishes every queued job, then joins the thread; later jobs are dropped

 private:
  struct Job {
    enum class Kind { Login, Save, Flush } kind;
    std::string name, password;
    uint16_t x = 0, y = 0;
    LoginDone done;
    std::function<void()> flushed;
  };
  void run();
  void run_batch(std::deque<Job>& batch);
  LoginOutcome do_login(Job& job);
  bool enqueue(Job&& job);  // false when the store is not running

  AccountDb db_;  // used only by thread_ once it runs
  std::mutex lock_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;   // guarded by lock_
  bool running_ = false;   // guarded by lock_
  std::thread thread_;
};

}  // namespace iocplab::game
