// store_calls_test.cpp — the calls the stages with accounts make of SQLite and libsodium, and what comes back.
// Built twice on Linux: against the real SQLite and libsodium (lessons.store.real) and against
// the store double beside it (lessons.store.double), so the double is held to what the real
// libraries do; the MinGW build that runs the stages under Wine links the double.
#include <gtest/gtest.h>
#include <sodium.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Binds {
  const char* name = nullptr;
  const char* hash = nullptr;
  int x = 0, y = 0;
};

// Prepares, binds ?1 name ?2 hash ?3 x ?4 y (as the stages do), steps once; the row's columns
// go into *row. Returns the step's code, or the prepare's when that fails.
int run(sqlite3* db, const char* text, const Binds& b = {}, std::vector<std::string>* row = nullptr) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v2(db, text, -1, &s, nullptr);
  if (rc != SQLITE_OK) return rc;
  if (b.name != nullptr) sqlite3_bind_text(s, 1, b.name, -1, SQLITE_TRANSIENT);
  if (b.hash != nullptr) sqlite3_bind_text(s, 2, b.hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(s, 3, b.x);
  sqlite3_bind_int(s, 4, b.y);
  rc = sqlite3_step(s);
  if (rc == SQLITE_ROW && row != nullptr) {
    row->clear();
    row->push_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
    row->push_back(std::to_string(sqlite3_column_int(s, 1)));
    row->push_back(std::to_string(sqlite3_column_int(s, 2)));
  }
  sqlite3_finalize(s);
  return rc;
}

constexpr const char* kCreate = "CREATE TABLE IF NOT EXISTS accounts (name TEXT PRIMARY KEY, hash TEXT, x INT, y INT)";
constexpr const char* kSelect = "SELECT hash, x, y FROM accounts WHERE name = ?1";
constexpr const char* kInsert = "INSERT INTO accounts VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kUpdate = "UPDATE accounts SET x = ?3, y = ?4 WHERE name = ?1";

class StoreCalls : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() / ("store-calls-" + std::to_string(std::random_device{}()) + ".db"))
                .string();
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db_), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db_, kCreate, nullptr, nullptr, nullptr), SQLITE_OK);
  }
  void TearDown() override {
    sqlite3_close(db_);
    std::remove(path_.c_str());
    std::remove((path_ + "-journal").c_str());
  }
  std::string path_;
  sqlite3* db_ = nullptr;
};

TEST_F(StoreCalls, ARowInsertedComesBackByItsName) {
  std::vector<std::string> row;
  EXPECT_EQ(run(db_, kSelect, {"ann"}, &row), SQLITE_DONE) << "no such row yet";
  EXPECT_EQ(run(db_, kInsert, {"ann", "h1", 3, -4}), SQLITE_DONE);
  ASSERT_EQ(run(db_, kSelect, {"ann"}, &row), SQLITE_ROW);
  EXPECT_EQ(row, (std::vector<std::string>{"h1", "3", "-4"}));
  EXPECT_EQ(run(db_, kSelect, {"bob"}, &row), SQLITE_DONE);
}

TEST_F(StoreCalls, ASecondInsertOfOneNameIsRefusedAndChangesNothing) {
  ASSERT_EQ(run(db_, kInsert, {"ann", "h1", 1, 2}), SQLITE_DONE);
  int rc = run(db_, kInsert, {"ann", "h2", 5, 6});
  EXPECT_NE(rc, SQLITE_DONE);
  EXPECT_NE(rc, SQLITE_OK);
  std::vector<std::string> row;
  ASSERT_EQ(run(db_, kSelect, {"ann"}, &row), SQLITE_ROW);
  EXPECT_EQ(row, (std::vector<std::string>{"h1", "1", "2"}));
}

TEST_F(StoreCalls, AnUpdateMovesTheRowAndAnUpdateOfNoRowIsDone) {
  ASSERT_EQ(run(db_, kInsert, {"ann", "h1", 1, 2}), SQLITE_DONE);
  EXPECT_EQ(run(db_, kUpdate, {"ann", nullptr, 7, 8}), SQLITE_DONE);
  EXPECT_EQ(run(db_, kUpdate, {"bob", nullptr, 9, 9}), SQLITE_DONE);
  std::vector<std::string> row;
  ASSERT_EQ(run(db_, kSelect, {"ann"}, &row), SQLITE_ROW);
  EXPECT_EQ(row, (std::vector<std::string>{"h1", "7", "8"}));
  EXPECT_EQ(run(db_, kSelect, {"bob"}, &row), SQLITE_DONE) << "an update makes no row";
}

TEST_F(StoreCalls, TheRowsOutliveTheConnectionAndARemovedFileStartsEmpty) {
  ASSERT_EQ(run(db_, kInsert, {"ann", "h1", 1, 2}), SQLITE_DONE);
  sqlite3_close(db_);
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db_), SQLITE_OK);
  std::vector<std::string> row;
  ASSERT_EQ(run(db_, kSelect, {"ann"}, &row), SQLITE_ROW);
  EXPECT_EQ(row[0], "h1");
  sqlite3_close(db_);
  std::remove(path_.c_str());
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db_), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db_, kCreate, nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_EQ(run(db_, kSelect, {"ann"}, &row), SQLITE_DONE);
}

TEST_F(StoreCalls, AnExclusiveHolderMakesOthersBusyAfterTheirTimeout) {
  ASSERT_EQ(run(db_, kInsert, {"ann", "h1", 1, 2}), SQLITE_DONE);
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_busy_timeout(db_, 50);
  std::vector<std::string> row;
  EXPECT_EQ(run(db_, kSelect, {"ann"}, &row), SQLITE_BUSY);
  EXPECT_EQ(run(db_, kUpdate, {"ann", nullptr, 3, 3}), SQLITE_BUSY);
  EXPECT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  ASSERT_EQ(run(db_, kSelect, {"ann"}, &row), SQLITE_ROW);
  EXPECT_EQ(row, (std::vector<std::string>{"h1", "1", "2"})) << "the busy update changed nothing";
  sqlite3_close(other);
}

TEST_F(StoreCalls, AWaiterGetsInWhenTheHolderLetsGoWithinItsTimeout) {
  ASSERT_EQ(run(db_, kInsert, {"ann", "h1", 1, 2}), SQLITE_DONE);
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::thread release([other] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  });
  sqlite3_busy_timeout(db_, 10000);
  EXPECT_EQ(run(db_, kUpdate, {"ann", nullptr, 5, 6}), SQLITE_DONE);
  release.join();
  std::vector<std::string> row;
  ASSERT_EQ(run(db_, kSelect, {"ann"}, &row), SQLITE_ROW);
  EXPECT_EQ(row, (std::vector<std::string>{"h1", "5", "6"}));
  sqlite3_close(other);
}

TEST_F(StoreCalls, AMemoryDatabaseIsItsConnectionsAlone) {
  sqlite3* a = nullptr;
  sqlite3* b = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &a), SQLITE_OK);
  ASSERT_EQ(sqlite3_open(":memory:", &b), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(a, kCreate, nullptr, nullptr, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(b, kCreate, nullptr, nullptr, nullptr), SQLITE_OK);
  ASSERT_EQ(run(a, kInsert, {"ann", "h1", 1, 2}), SQLITE_DONE);
  std::vector<std::string> row;
  EXPECT_EQ(run(a, kSelect, {"ann"}, &row), SQLITE_ROW);
  EXPECT_EQ(run(b, kSelect, {"ann"}, &row), SQLITE_DONE);
  sqlite3_close(a);
  sqlite3_close(b);
}

TEST_F(StoreCalls, AStatementThatIsNoSqlIsRefusedAtPrepare) {
  EXPECT_NE(run(db_, "SELEKT hash FROM accounts"), SQLITE_ROW);
  EXPECT_NE(run(db_, "SELEKT hash FROM accounts"), SQLITE_DONE);
  EXPECT_NE(std::string(sqlite3_errmsg(db_)), "not an error");
}

std::string hash_of(const char* password, unsigned memory_kib, unsigned passes) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password, std::strlen(password), passes, size_t(memory_kib) * 1024,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return {};
  return out;
}

TEST(PasswordCalls, AHashVerifiesItsPasswordOnly) {
  ASSERT_GE(sodium_init(), 0);
  std::string hash = hash_of("secret", 8, 1);
  ASSERT_EQ(hash.rfind("$argon2id$v=19$m=8,t=1,p=1$", 0), 0u) << hash;
  EXPECT_EQ(crypto_pwhash_str_verify(hash.c_str(), "secret", 6), 0);
  EXPECT_NE(crypto_pwhash_str_verify(hash.c_str(), "secreT", 6), 0);
  EXPECT_NE(crypto_pwhash_str_verify(hash.c_str(), "secret!", 7), 0);
  EXPECT_NE(crypto_pwhash_str_verify("secret", "secret", 6), 0) << "a password is not its own hash";
  EXPECT_NE(hash_of("secret", 8, 1), hash) << "each hash has its own salt";
}

TEST(PasswordCalls, TheCostIsReadBackOutOfTheHash) {
  ASSERT_GE(sodium_init(), 0);
  std::string hash = hash_of("pw", 8, 1);
  ASSERT_FALSE(hash.empty());
  EXPECT_EQ(crypto_pwhash_str_needs_rehash(hash.c_str(), 1, 8 * 1024), 0);
  EXPECT_EQ(crypto_pwhash_str_needs_rehash(hash.c_str(), 2, 8 * 1024), 1);
  EXPECT_EQ(crypto_pwhash_str_needs_rehash(hash.c_str(), 1, 16 * 1024), 1);
  EXPECT_EQ(crypto_pwhash_str_needs_rehash("pw", 1, 8 * 1024), -1);
}

TEST(PasswordCalls, TooLittleMemoryOrNoPassIsRefused) {
  ASSERT_GE(sodium_init(), 0);
  EXPECT_EQ(hash_of("pw", 4, 1), "");
  EXPECT_EQ(hash_of("pw", 8, 0), "");
}

}  // namespace
