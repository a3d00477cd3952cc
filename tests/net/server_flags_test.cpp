// The iocplab-server command line: defaults, every flag, every error case.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server_flags.h"

using iocplab::app::parse_flags;
using iocplab::app::ServerFlags;

namespace {
struct Parsed {
  bool ok;
  ServerFlags flags;
  std::string error;
};
Parsed parse(std::vector<std::string> args) {
  std::vector<const char*> argv{"iocplab-server"};
  for (auto& a : args) argv.push_back(a.c_str());
  Parsed p;
  p.ok = parse_flags(static_cast<int>(argv.size()), argv.data(), &p.flags, &p.error);
  return p;
}
}  // namespace

TEST(ServerFlags, Defaults) {
  Parsed p = parse({});
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.flags.port, 9000);
  EXPECT_EQ(p.flags.world, 400);
  EXPECT_EQ(p.flags.view, 7);
  EXPECT_EQ(p.flags.db, "iocplab.db");
  EXPECT_GE(p.flags.workers, 1u);
  EXPECT_EQ(p.flags.max_sessions, 10000u);
  EXPECT_EQ(p.flags.send_limit, 1048576u);
  EXPECT_EQ(p.flags.login_timeout, 10u);
  EXPECT_EQ(p.flags.engine, "");
}

TEST(ServerFlags, EveryFlagInBothForms) {
  Parsed p = parse({"--port", "0", "--world=1000", "--view", "0", "--db", ":memory:", "--workers=3",
                    "--max-sessions", "5", "--send-limit", "4096", "--login-timeout=1",
                    "--engine", "uring"});
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.flags.port, 0);
  EXPECT_EQ(p.flags.world, 1000);
  EXPECT_EQ(p.flags.view, 0);
  EXPECT_EQ(p.flags.db, ":memory:");
  EXPECT_EQ(p.flags.workers, 3u);
  EXPECT_EQ(p.flags.max_sessions, 5u);
  EXPECT_EQ(p.flags.send_limit, 4096u);
  EXPECT_EQ(p.flags.login_timeout, 1u);
  EXPECT_EQ(p.flags.engine, "uring");
}

TEST(ServerFlags, UpperBoundsAccepted) {
  Parsed p = parse({"--port", "65535", "--world", "65535", "--view", "65535"});
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.flags.port, 65535);
  EXPECT_EQ(p.flags.world, 65535);
  EXPECT_EQ(p.flags.view, 65535);
}

struct BadCase {
  std::vector<std::string> args;
  std::string flag;  // the error must name it
};

class ServerFlagsError : public ::testing::TestWithParam<BadCase> {};

TEST_P(ServerFlagsError, FailsWithOneLineNamingTheFlag) {
  Parsed p = parse(GetParam().args);
  EXPECT_FALSE(p.ok);
  EXPECT_NE(p.error.find(GetParam().flag), std::string::npos) << p.error;
  EXPECT_EQ(p.error.find('\n'), std::string::npos) << "one line";
}

INSTANTIATE_TEST_SUITE_P(
    AllErrors, ServerFlagsError,
    ::testing::Values(
        BadCase{{"--bogus"}, "--bogus"}, BadCase{{"--bogus=1"}, "--bogus"},
        BadCase{{"port"}, "port"},
        BadCase{{"--port"}, "--port"}, BadCase{{"--world"}, "--world"},
        BadCase{{"--view"}, "--view"}, BadCase{{"--db"}, "--db"},
        BadCase{{"--workers"}, "--workers"}, BadCase{{"--max-sessions"}, "--max-sessions"},
        BadCase{{"--send-limit"}, "--send-limit"}, BadCase{{"--login-timeout"}, "--login-timeout"},
        BadCase{{"--engine"}, "--engine"},
        BadCase{{"--port", "abc"}, "--port"}, BadCase{{"--port", "12x"}, "--port"},
        BadCase{{"--port", "-1"}, "--port"}, BadCase{{"--port", ""}, "--port"},
        BadCase{{"--port", " 1"}, "--port"}, BadCase{{"--port", "1.5"}, "--port"},
        BadCase{{"--port", "65536"}, "--port"},
        BadCase{{"--port", "99999999999999999999999"}, "--port"},
        BadCase{{"--world", "0"}, "--world"}, BadCase{{"--world", "65536"}, "--world"},
        BadCase{{"--world", "x"}, "--world"},
        BadCase{{"--view", "65536"}, "--view"}, BadCase{{"--view", "-3"}, "--view"},
        BadCase{{"--workers", "0"}, "--workers"}, BadCase{{"--workers", "two"}, "--workers"},
        BadCase{{"--max-sessions", "0"}, "--max-sessions"},
        BadCase{{"--max-sessions", "x"}, "--max-sessions"},
        BadCase{{"--send-limit", "4095"}, "--send-limit"},
        BadCase{{"--send-limit", "big"}, "--send-limit"},
        BadCase{{"--login-timeout", "0"}, "--login-timeout"},
        BadCase{{"--login-timeout", "soon"}, "--login-timeout"},
        BadCase{{"--engine", "kqueue"}, "--engine"}, BadCase{{"--db="}, "--db"},
        BadCase{{"--world", "10", "--view"}, "--view"}));
