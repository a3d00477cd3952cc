// temp_db.h — a fresh SQLite path in a private temp directory, removed afterwards.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace iocplab::game::test {

class TempDb {
 public:
  TempDb() {
    std::string pattern = ::testing::TempDir() + "iocplab-game-XXXXXX";
    if (char* d = mkdtemp(pattern.data())) dir_ = d;
    EXPECT_FALSE(dir_.empty());
  }
  ~TempDb() {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }
  std::string path() const { return dir_ + "/accounts.db"; }
  // The database file and its WAL and shared-memory files, concatenated.
  std::string all_bytes() const {
    std::string bytes;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::ifstream in(path() + suffix, std::ios::binary);
      bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return bytes;
  }

 private:
  std::string dir_;
};

}  // namespace iocplab::game::test
