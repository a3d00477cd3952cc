#include "account_store.h"

#include <sodium.h>

#include <chrono>
#include <future>

#include "net/log.h"

namespace iocplab::game {

namespace {
constexpr size_t kMaxBatch = 128;  // jobs per transaction: bounds the wait of the first one
constexpr auto kRetryEvery = std::chrono::seconds(1);  // saves kept by a failed disk

void wipe(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
  s.clear();
}
}  // namespace

AccountStore::Job::~Job() { wipe(password); }

AccountStore::~AccountStore() { stop(); }

void AccountStore::stop() {
  {
    std::lock_guard g(lock_);
    running_ = false;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  pool_.stop();  // idle by now: the store thread waited for every login on it
}

bool AccountStore::start(const StoreConfig& cfg, std::string* error) {
  if (!password_hash_init()) {
    if (error) *error = "libsodium failed to initialize";
    return false;
  }
  cfg_ = cfg;
  if (!db_.open(cfg_.db_path, error)) return false;
  pool_.start(cfg_.hash_threads);
  {
    std::lock_guard g(lock_);
    running_ = true;
  }
  thread_ = std::thread([this] { run(); });
  return true;
}

AccountStore::Stats AccountStore::stats() const {
  std::lock_guard g(lock_);
  return stats_;
}

// internal: a login coming back from the pool, accepted while stopping too (stop() waits for it).
bool AccountStore::enqueue(Job&& job, bool internal) {
  {
    std::lock_guard g(lock_);
    if (!running_ && !internal) return false;
    if (!internal) job.seq = next_seq_++;  // a login keeps its place through the pool
    jobs_.push_back(std::move(job));
  }
  wake_.notify_all();
  return true;
}

void AccountStore::login(std::string name, std::string password, LoginDone done) {
  Job job;
  job.kind = Job::Kind::Login;
  job.name = std::move(name);
  job.password = std::move(password);
  job.done = std::move(done);
  if (!enqueue(std::move(job))) {
    wipe(job.password);
    if (job.done) job.done(LoginOutcome{});  // Failed: the store is not running
  }
}

void AccountStore::save(std::string name, uint16_t x, uint16_t y) {
  Job job;
  job.kind = Job::Kind::Save;
  job.name = std::move(name);
  job.x = x;
  job.y = y;
  enqueue(std::move(job));
}

void AccountStore::flush() {
  std::promise<void> done;
  auto fut = done.get_future();
  Job job;
  job.kind = Job::Kind::Flush;
  job.flushed = [&done] { done.set_value(); };
  if (enqueue(std::move(job))) fut.wait();
}

void AccountStore::run() {
  std::deque<Job> batch;
  for (;;) {
    {
      std::unique_lock g(lock_);
      // Stopping waits for the logins still on the pool: their answers come back as jobs.
      auto ready = [this] { return !jobs_.empty() || (!running_ && in_flight_.empty()); };
      if (pending_saves_.empty()) wake_.wait(g, ready);
      else wake_.wait_for(g, kRetryEvery, ready);  // on time-out: a batch of retries only
      if (jobs_.empty() && !running_ && in_flight_.empty()) break;
      while (!jobs_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(jobs_.front()));
        jobs_.pop_front();
      }
    }
    run_batch(batch);
    batch.clear();
  }
  if (!pending_saves_.empty()) run_batch(batch);  // a last try
  if (!pending_saves_.empty()) {
    net::log_line("account store: stopping with %zu positions unsaved: %s", pending_saves_.size(),
                  db_.last_error().c_str());
    std::lock_guard g(lock_);
    stats_.dropped_saves += pending_saves_.size();
    stats_.pending_saves = 0;
  }
  finish_flushes();
}

void AccountStore::run_batch(std::deque<Job>& batch) {
  std::vector<Answer> answers;
  std::vector<Job> to_verify;  // read rows, verified on the pool once the batch is committed
  inserted_now_.clear();
  db_.rollback();  // never start inside a transaction a failure left open
  bool write_failed = !db_.begin();
  // Saves a failed disk left over go first; this batch's saves join them (newest wins), so a
  // login below reads the freshest position even if the disk refuses everything.
  for (auto& [name, at] : pending_saves_)
    if (!write_failed && !db_.save_position(name, at.first, at.second)) write_failed = true;
  uint64_t over_cap = 0;  // saves that found no room in pending_saves_
  for (Job& job : batch) {
    switch (job.kind) {
      case Job::Kind::Login:
        read_account(job, answers, to_verify);
        break;
      case Job::Kind::Save:
        if (pending_saves_.size() < kMaxPendingSaves || pending_saves_.count(job.name))
          pending_saves_.insert_or_assign(job.name, std::make_pair(job.x, job.y));
        else
          ++over_cap;
        if (!write_failed && !db_.save_position(job.name, job.x, job.y)) write_failed = true;
        break;
      case Job::Kind::Hashed:
        insert_account(job, answers, to_verify, &write_failed);
        break;
      case Job::Kind::Checked:
        answers.push_back(Answer{std::move(job), false});
        break;
      case Job::Kind::Flush:
        flushes_.emplace_back(job.seq, std::move(job.flushed));
        break;
    }
  }
  const bool committed = !write_failed && db_.commit();
  if (!committed) db_.rollback();  // SQLite undoes some failures by itself, not all

  if (committed && failing_) {
    failing_ = false;
    net::log_line("account store: recovered, %zu saved positions written", pending_saves_.size());
  } else if (!committed && !failing_) {
    failing_ = true;
    net::log_line("account store: %s; logins fail (FAIL 6) and saves wait until it recovers",
                  db_.last_error().c_str());
  }
  if (committed) pending_saves_.clear();
  if (!committed && over_cap)
    net::log_line("account store: %llu positions dropped: %zu already wait for the disk",
                  static_cast<unsigned long long>(over_cap), pending_saves_.size());
  {
    std::lock_guard g(lock_);
    if (!committed) {
      ++stats_.failed_batches;
      stats_.dropped_saves += over_cap;
    }
    stats_.pending_saves = pending_saves_.size();
  }

  // Answers only now: what they promise is on disk.
  for (Answer& a : answers) {
    if (a.needs_commit && !committed) a.job.outcome = LoginOutcome{};
    answer(a.job, a.job.outcome);
  }
  for (Job& job : to_verify) {
    if (!committed && job.outcome.status == LoginOutcome::Status::Registered) {
      answer(job, LoginOutcome{});  // its row was this batch's, and is gone
      continue;
    }
    AccountRow row;
    row.pwhash = std::move(*job.pwhash);
    job.outcome.status = LoginOutcome::Status::Failed;
    verify_on_pool(std::move(job), row);
  }
  finish_flushes();
}

// A Login job: its row decides between registering (hash on the pool) and verifying.
void AccountStore::read_account(Job& job, std::vector<Answer>& answers, std::vector<Job>& to_verify) {
  bool failed = false;
  auto row = db_.find(job.name, &failed);
  if (failed) {
    job.outcome = LoginOutcome{};
    answers.push_back(Answer{std::move(job), false});
    return;
  }
  if (auto it = registering_.find(job.name); it != registering_.end()) {
    // The name is being registered by an earlier login: wait for it, then read the row it
    // leaves (first come, first registered; and no second hash for a name that will exist).
    mark_in_flight(job);
    it->second.push_back(std::move(job));
    return;
  }
  if (!row) {
    registering_[job.name];
    return hash_on_pool(std::move(job));
  }
  job.outcome.has_position = row->has_position;
  job.outcome.x = row->x;
  job.outcome.y = row->y;
  if (auto it = pending_saves_.find(job.name); it != pending_saves_.end()) {  // fresher than the row
    job.outcome.has_position = true;
    job.outcome.x = it->second.first;
    job.outcome.y = it->second.second;
  }
  job.pwhash = std::move(row->pwhash);
  // Registered by this very batch: only as real as its commit (marked as in insert_account).
  if (inserted_now_.count(job.name)) job.outcome.status = LoginOutcome::Status::Registered;
  to_verify.push_back(std::move(job));
}

// A Hashed job: the new account's row goes in with this batch.
void AccountStore::insert_account(Job& job, std::vector<Answer>& answers, std::vector<Job>& to_verify,
                                  bool* write_failed) {
  release_waiters(job.name);  // they run in the next batch, after this one's COMMIT
  if (!job.pwhash || *write_failed) {
    job.outcome = LoginOutcome{};
    answers.push_back(Answer{std::move(job), false});
    return;
  }
  switch (db_.insert(job.name, *job.pwhash)) {
    case AccountDb::Insert::Done:
      inserted_now_.insert(job.name);
      job.outcome = LoginOutcome{};
      job.outcome.status = LoginOutcome::Status::Registered;
      answers.push_back(Answer{std::move(job), true});
      return;
    case AccountDb::Insert::Exists: {
      // Another first login for this name registered it meanwhile: verify against that row
      // (which may be this batch's: the flag below makes it wait for the commit).
      bool failed = false;
      auto row = db_.find(job.name, &failed);
      if (failed || !row) break;
      job.outcome = LoginOutcome{};
      job.outcome.status = LoginOutcome::Status::Registered;  // marks "needs the commit"
      job.pwhash = std::move(row->pwhash);
      to_verify.push_back(std::move(job));
      return;
    }
    case AccountDb::Insert::Failed:
      *write_failed = true;
      break;
  }
  job.outcome = LoginOutcome{};
  answers.push_back(Answer{std::move(job), false});
}

void AccountStore::mark_in_flight(Job& job) {
  if (job.in_flight) return;
  job.in_flight = true;
  in_flight_.insert(job.seq);
}

void AccountStore::hash_on_pool(Job job) {
  mark_in_flight(job);
  auto shared = std::make_shared<Job>(std::move(job));
  pool_.submit([this, shared] {
    shared->pwhash = hash_password(shared->password, cfg_.cost);  // the password stays: see Exists
    shared->kind = Job::Kind::Hashed;
    enqueue(std::move(*shared), true);
  });
}

void AccountStore::verify_on_pool(Job job, const AccountRow& row) {
  mark_in_flight(job);
  auto shared = std::make_shared<Job>(std::move(job));
  pool_.submit([this, shared, hash = row.pwhash] {
    const bool ok = verify_password(hash, shared->password);
    wipe(shared->password);
    LoginOutcome& o = shared->outcome;
    o.status = ok ? LoginOutcome::Status::Verified : LoginOutcome::Status::WrongPassword;
    if (!ok) o.has_position = false;
    shared->kind = Job::Kind::Checked;
    enqueue(std::move(*shared), true);
  });
}

void AccountStore::answer(Job& job, const LoginOutcome& outcome) {
  wipe(job.password);
  if (outcome.status == LoginOutcome::Status::Failed) {
    std::lock_guard g(lock_);
    ++stats_.failed_logins;
  }
  if (job.done) job.done(outcome);
  if (job.in_flight) in_flight_.erase(in_flight_.find(job.seq));
  job.in_flight = false;
}

// A registration reached the database: the logins that waited for its name run again in the
// next batch, first in the queue and in their order; they find its row, or (if its batch was
// rolled back) register themselves.
void AccountStore::release_waiters(const std::string& name) {
  auto it = registering_.find(name);
  if (it == registering_.end()) return;
  std::deque<Job> waiting = std::move(it->second);
  registering_.erase(it);
  if (waiting.empty()) return;
  {
    std::lock_guard g(lock_);
    for (auto j = waiting.rbegin(); j != waiting.rend(); ++j) {
      j->kind = Job::Kind::Login;
      jobs_.push_front(std::move(*j));
    }
  }
  wake_.notify_all();
}

// A flush is done once every login queued before it was answered.
void AccountStore::finish_flushes() {
  while (!flushes_.empty() && (in_flight_.empty() || *in_flight_.begin() > flushes_.front().first)) {
    flushes_.front().second();
    flushes_.pop_front();
  }
}

}  // namespace iocplab::game
