#include "account_store.h"

#include <sodium.h>

#include <future>

#include "password_hash.h"

namespace iocplab::game {

namespace {
constexpr size_t kMaxBatch = 128;  // jobs per transaction: bounds the wait of the first one

void wipe(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
  s.clear();
}
}  // namespace

AccountStore::~AccountStore() { stop(); }

void AccountStore::stop() {
  {
    std::lock_guard g(lock_);
    running_ = false;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool AccountStore::start(const std::string& db_path, std::string* error) {
  if (!password_hash_init()) {
    if (error) *error = "libsodium failed to initialize";
    return false;
  }
  if (!db_.open(db_path, error)) return false;
  {
    std::lock_guard g(lock_);
    running_ = true;
  }
  thread_ = std::thread([this] { run(); });
  return true;
}

bool AccountStore::enqueue(Job&& job) {
  {
    std::lock_guard g(lock_);
    if (!running_) return false;
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

void AccountStore::login(std::string name, std::string password, LoginDone done) {
  Job job{Job::Kind::Login, std::move(name), std::move(password), 0, 0, std::move(done), {}};
  if (!enqueue(std::move(job))) {
    wipe(job.password);
    if (job.done) job.done(LoginOutcome{});  // Failed: the store is not running
  }
}

void AccountStore::save(std::string name, uint16_t x, uint16_t y) {
  enqueue(Job{Job::Kind::Save, std::move(name), {}, x, y, {}, {}});
}

void AccountStore::flush() {
  std::promise<void> done;
  auto fut = done.get_future();
  if (enqueue(Job{Job::Kind::Flush, {}, {}, 0, 0, {}, [&done] { done.set_value(); }})) fut.wait();
}

void AccountStore::run() {
  std::deque<Job> batch;
  for (;;) {
    {
      std::unique_lock g(lock_);
      wake_.wait(g, [this] { return !jobs_.empty() || !running_; });
      if (jobs_.empty()) return;  // stopping, and everything queued is done
      while (!jobs_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(jobs_.front()));
        jobs_.pop_front();
      }
    }
    run_batch(batch);
    batch.clear();
  }
}

void AccountStore::run_batch(std::deque<Job>& batch) {
  std::vector<LoginOutcome> outcomes(batch.size());
  const bool in_txn = db_.begin();
  for (size_t i = 0; i < batch.size(); ++i) {
    Job& job = batch[i];
    if (job.kind == Job::Kind::Login) outcomes[i] = do_login(job);
    if (job.kind == Job::Kind::Save) db_.save_position(job.name, job.x, job.y);
  }
  const bool committed = in_txn && db_.commit();
  // Answers only now: what they promise is on disk.
  for (size_t i = 0; i < batch.size(); ++i) {
    Job& job = batch[i];
    if (job.kind == Job::Kind::Login && job.done) {
      if (!committed) outcomes[i] = LoginOutcome{};
      job.done(outcomes[i]);
    }
    if (job.kind == Job::Kind::Flush) job.flushed();
  }
}

LoginOutcome AccountStore::do_login(Job& job) {
  LoginOutcome result;
  bool failed = false;
  auto row = db_.find(job.name, &failed);
  if (failed) {
    wipe(job.password);
    return result;
  }
  if (!row) {
    auto hash = hash_password(job.password);
    wipe(job.password);
    if (hash && db_.insert(job.name, *hash)) result.status = LoginOutcome::Status::Registered;
    return result;
  }
  const bool ok = verify_password(row->pwhash, job.password);
  wipe(job.password);
  result.status = ok ? LoginOutcome::Status::Verified : LoginOutcome::Status::WrongPassword;
  result.has_position = ok && row->has_position;
  result.x = row->x;
  result.y = row->y;
  return result;
}

}  // namespace iocplab::game
