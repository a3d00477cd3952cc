// PROTOCOL.md v1.1 flags: defaults, limits, and the contract for a bad one (exit 2, one line
// on stderr naming the flag), checked on the parser and on the program itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "server_flags.h"
#include "server_process.h"

using namespace std::chrono_literals;
using iocplab::app::ServerFlags;
using iocplab::testing::ServerProcess;

namespace {

bool parse(std::vector<std::string> args, ServerFlags* f, std::string* err) {
  args.insert(args.begin(), "iocplab-server");
  std::vector<const char*> argv;
  for (auto& a : args) argv.push_back(a.c_str());
  return iocplab::app::parse_flags(int(argv.size()), argv.data(), f, err);
}

TEST(ServerFlagsV11, DefaultsAreTheContracts) {
  ServerFlags f;
  std::string err;
  ASSERT_TRUE(parse({}, &f, &err)) << err;
  EXPECT_EQ(f.hash_memory, 19456u);
  EXPECT_EQ(f.hash_passes, 2u);
  EXPECT_EQ(f.move_rate, 20u);
  EXPECT_EQ(f.chat_rate, 5u);
  EXPECT_EQ(f.login_failures, 5u);
  EXPECT_EQ(f.lockout, 60u);
  EXPECT_EQ(f.max_per_address, 0u);
  EXPECT_EQ(f.keepalive, 60u);
}

TEST(ServerFlagsV11, EdgesOfEveryRangeAreAccepted) {
  ServerFlags f;
  std::string err;
  ASSERT_TRUE(parse({"--hash-memory", "8", "--hash-passes", "1", "--move-rate", "0", "--chat-rate", "0",
                     "--login-failures", "0", "--lockout", "1", "--max-per-address", "0", "--keepalive", "0"},
                    &f, &err))
      << err;
  EXPECT_EQ(f.hash_memory, 8u);
  EXPECT_EQ(f.hash_passes, 1u);
  EXPECT_EQ(f.move_rate, 0u);
  EXPECT_EQ(f.chat_rate, 0u);
  EXPECT_EQ(f.login_failures, 0u);
  EXPECT_EQ(f.lockout, 1u);
  EXPECT_EQ(f.keepalive, 0u);
  ASSERT_TRUE(parse({"--hash-memory=4194304", "--hash-passes=16", "--keepalive=32767", "--move-rate=4294967295",
                     "--max-per-address=3"},
                    &f, &err))
      << err;
  EXPECT_EQ(f.hash_memory, 4194304u);
  EXPECT_EQ(f.hash_passes, 16u);
  EXPECT_EQ(f.keepalive, 32767u);
  EXPECT_EQ(f.move_rate, 4294967295u);
  EXPECT_EQ(f.max_per_address, 3u);
}

struct Bad {
  std::vector<std::string> args;
  std::string flag;
};

std::vector<Bad> bad_v11_flags() {
  std::vector<Bad> v;
  auto add = [&](std::string flag, std::vector<std::string> values) {
    v.push_back({{flag}, flag});  // missing value
    for (auto& value : values) v.push_back({{flag, value}, flag});
  };
  add("--hash-memory", {"7", "4194305", "x", "-1", "1.5", ""});
  add("--hash-passes", {"0", "17", "two"});
  add("--move-rate", {"-1", "fast", "4294967296", "2.5"});
  add("--chat-rate", {"-1", "x", "4294967296"});
  add("--login-failures", {"-1", "five"});
  add("--lockout", {"0", "-5", "1m"});
  add("--max-per-address", {"-1", "many", "99999999999"});
  add("--keepalive", {"32768", "-1", "on"});
  return v;
}

TEST(ServerFlagsV11, BadValuesAreRefusedNamingTheFlag) {
  for (const Bad& b : bad_v11_flags()) {
    ServerFlags f;
    std::string err;
    EXPECT_FALSE(parse(b.args, &f, &err)) << b.args.size() << " " << b.flag;
    EXPECT_EQ(err.rfind(b.flag, 0), 0u) << err;  // the line starts with the flag
    EXPECT_EQ(err.find('\n'), std::string::npos) << err;
  }
}

class ServerProgramFlagsV11 : public ::testing::TestWithParam<Bad> {};

TEST_P(ServerProgramFlagsV11, ExitsTwoWithOneLineNamingTheFlag) {
  ServerProcess p;
  std::vector<std::string> args{"--port", "0", "--db", ":memory:"};
  args.insert(args.end(), GetParam().args.begin(), GetParam().args.end());
  ASSERT_TRUE(p.spawn(args));
  EXPECT_EQ(p.wait_exit(10s), 2);
  const std::string err = p.stderr_text();
  EXPECT_NE(err.find(GetParam().flag), std::string::npos) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
}

// One bad value of each kind per flag as a whole program (the parser test covers the rest).
INSTANTIATE_TEST_SUITE_P(
    Errors, ServerProgramFlagsV11,
    ::testing::Values(Bad{{"--hash-memory", "7"}, "--hash-memory"}, Bad{{"--hash-memory"}, "--hash-memory"},
                      Bad{{"--hash-passes", "17"}, "--hash-passes"}, Bad{{"--move-rate", "-1"}, "--move-rate"},
                      Bad{{"--chat-rate", "x"}, "--chat-rate"}, Bad{{"--login-failures", "1.5"}, "--login-failures"},
                      Bad{{"--lockout", "0"}, "--lockout"}, Bad{{"--max-per-address", "-2"}, "--max-per-address"},
                      Bad{{"--keepalive", "32768"}, "--keepalive"}));

TEST(ServerProgramFlagsV11, GoodValuesStartTheServer) {
  ServerProcess p;
  ASSERT_TRUE(p.spawn({"--port", "0", "--db", ":memory:", "--hash-memory", "8", "--hash-passes", "1", "--move-rate",
                       "0", "--chat-rate", "0", "--login-failures", "0", "--lockout", "1", "--max-per-address",
                       "2", "--keepalive", "0"}));
  EXPECT_NE(p.wait_listening(10s), 0) << p.stderr_text();
}

}  // namespace
