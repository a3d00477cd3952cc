// Flag parsing of iocplab-stress: defaults, both spellings, and every error case (each
// error names its flag; main() turns it into exit status 2).
#include <gtest/gtest.h>

#if !defined(_WIN32)
#include <arpa/inet.h>
#endif

#include <string>
#include <vector>

#include "loopback.h"
#include "options.h"

using namespace iocplab::stress;

namespace {

ParsedOptions parse(std::vector<std::string_view> args) { return parse_options(args); }

// Parsing fails, and the one-line error names `flag`.
void expect_error(std::vector<std::string_view> args, std::string_view flag) {
  ParsedOptions p = parse(args);
  EXPECT_FALSE(p.ok);
  EXPECT_FALSE(p.help);
  EXPECT_NE(p.error.find(flag), std::string::npos) << "error: " << p.error;
  EXPECT_EQ(p.error.find('\n'), std::string::npos) << "one line: " << p.error;
}

}  // namespace

TEST(StressOptions, Defaults) {
  ParsedOptions p = parse({});
  ASSERT_TRUE(p.ok) << p.error;
  const Options& o = p.options;
  EXPECT_EQ(o.host, "127.0.0.1");
  EXPECT_EQ(o.port, 9000);
  EXPECT_EQ(o.ramp_ms, 10u);
  EXPECT_EQ(o.delay_limit_ms, 100u);
  EXPECT_EQ(o.duration_s, 0u);
  EXPECT_EQ(o.name_prefix, "bot");
  EXPECT_EQ(o.threads, 1u);
  EXPECT_EQ(o.move_ms, 1000u);
  EXPECT_FALSE(o.target.v6);
  EXPECT_EQ(ntohs(reinterpret_cast<const sockaddr_in*>(&o.target.addr)->sin_port), 9000);
}

TEST(StressOptions, EveryFlagBothSpellings) {
  ParsedOptions p = parse({"--host", "127.0.0.5", "--port=1234", "--max-bots", "50", "--ramp-ms=0",
                           "--delay-limit-ms", "250", "--duration", "5", "--name-prefix=load",
                           "--threads", "2", "--server-pid", "4321", "--hold", "0", "--move-ms",
                           "500", "--password", "secret", "--ports-per-address", "100"});
  ASSERT_TRUE(p.ok) << p.error;
  const Options& o = p.options;
  EXPECT_EQ(o.host, "127.0.0.5");
  EXPECT_EQ(o.port, 1234);
  EXPECT_EQ(o.max_bots, 50u);
  EXPECT_EQ(o.ramp_ms, 0u);
  EXPECT_EQ(o.delay_limit_ms, 250u);
  EXPECT_EQ(o.duration_s, 5u);
  EXPECT_EQ(o.name_prefix, "load");
  EXPECT_EQ(o.threads, 2u);
  EXPECT_EQ(o.server_pid, 4321);
  EXPECT_EQ(o.hold_s, 0u);
  EXPECT_EQ(o.move_ms, 500u);
  EXPECT_EQ(o.password, "secret");
  EXPECT_EQ(o.ports_per_address, 100u);
}

TEST(StressOptions, LoopbackHostsAccepted) {
  for (std::string_view h : {"127.0.0.1", "127.255.0.9", "localhost", "::1"}) {
    ParsedOptions p = parse({"--host", h});
    EXPECT_TRUE(p.ok) << h << ": " << p.error;
  }
  EXPECT_TRUE(parse({"--host", "::1"}).options.target.v6);
}

TEST(StressOptions, HelpIsNotAnError) {
  EXPECT_TRUE(parse({"--help"}).help);
  EXPECT_TRUE(parse({"--port", "1", "-h"}).help);
}

TEST(StressOptions, NonLoopbackHostRefused) {
  for (std::string_view h : {"10.0.0.1", "0.0.0.0", "192.168.1.2", "128.0.0.1", "::", "::2", "fe80::1"}) {
    ParsedOptions p = parse({"--host", h});
    EXPECT_FALSE(p.ok) << h;
    EXPECT_NE(p.error.find("--host"), std::string::npos);
    EXPECT_NE(p.error.find("loopback"), std::string::npos) << p.error;
  }
}

TEST(StressOptions, HostThatIsNotAnAddressRefused) {
  expect_error({"--host", "example.com"}, "--host");
  expect_error({"--host", "127.0.0"}, "--host");
  expect_error({"--host", ""}, "--host");
}

TEST(StressOptions, UnknownFlag) {
  expect_error({"--bots", "5"}, "--bots");
  expect_error({"--port", "5", "--verbose"}, "--verbose");
}

TEST(StressOptions, PositionalArgumentRefused) {
  expect_error({"9000"}, "9000");
  expect_error({"-p", "9000"}, "-p");
  expect_error({"--"}, "--");
}

TEST(StressOptions, MissingValue) {
  for (std::string_view f : {"--host", "--port", "--max-bots", "--ramp-ms", "--delay-limit-ms", "--duration",
                             "--name-prefix", "--password", "--threads", "--server-pid", "--hold", "--move-ms",
                             "--ports-per-address"}) {
    ParsedOptions p = parse({f});
    EXPECT_FALSE(p.ok) << f;
    EXPECT_NE(p.error.find(std::string(f) + ": missing value"), std::string::npos) << p.error;
  }
}

TEST(StressOptions, NotANumber) {
  for (std::string_view f : {"--port", "--max-bots", "--ramp-ms", "--delay-limit-ms", "--duration", "--threads",
                             "--server-pid", "--hold", "--move-ms", "--ports-per-address"}) {
    for (std::string_view v : {"abc", "12x", "-1", "", " 5", "1.5"}) {
      ParsedOptions p = parse({f, v});
      EXPECT_FALSE(p.ok) << f << " " << v;
      EXPECT_NE(p.error.find(std::string(f) + ":"), std::string::npos) << p.error;
      EXPECT_NE(p.error.find("not a number"), std::string::npos) << p.error;
    }
  }
  expect_error({"--port="}, "--port");
}

TEST(StressOptions, OutOfRange) {
  struct Case { std::string_view flag, value; };
  for (Case c : {Case{"--port", "0"}, Case{"--port", "65536"}, Case{"--max-bots", "0"},
                 Case{"--max-bots", "1000001"}, Case{"--ramp-ms", "60001"}, Case{"--delay-limit-ms", "0"},
                 Case{"--delay-limit-ms", "600001"}, Case{"--duration", "0"}, Case{"--duration", "86401"},
                 Case{"--threads", "0"}, Case{"--threads", "3"}, Case{"--server-pid", "0"},
                 Case{"--hold", "3601"}, Case{"--move-ms", "9"}, Case{"--move-ms", "60001"},
                 Case{"--ports-per-address", "0"}, Case{"--ports-per-address", "65536"},
                 Case{"--port", "99999999999999999999999"}}) {
    ParsedOptions p = parse({c.flag, c.value});
    EXPECT_FALSE(p.ok) << c.flag << " " << c.value;
    EXPECT_NE(p.error.find(std::string(c.flag) + ":"), std::string::npos) << p.error;
    EXPECT_NE(p.error.find("out of range"), std::string::npos) << p.error;
  }
}

TEST(StressOptions, BadNamePrefix) {
  expect_error({"--name-prefix", ""}, "--name-prefix");
  expect_error({"--name-prefix", "has space"}, "--name-prefix");
  expect_error({"--name-prefix", "tab\there"}, "--name-prefix");
  expect_error({"--name-prefix", std::string_view("abcdefghijklmn")}, "--name-prefix");  // 14 > 13
  expect_error({"--name-prefix", "\xed\x95\x9c"}, "--name-prefix");  // only ASCII
  EXPECT_TRUE(parse({"--name-prefix", "abcdefghijklm"}).ok);  // 13: room for 7 digits
}

TEST(StressOptions, BadPassword) {
  expect_error({"--password", ""}, "--password");
  expect_error({"--password", "123456789012345678901"}, "--password");
}

TEST(Loopback, SourceAddressesBeyondTheFirstBlock) {
  EXPECT_FALSE(source_address_for(0, 1000, false));
  EXPECT_FALSE(source_address_for(999, 1000, false));
  auto a = source_address_for(1000, 1000, false);
  ASSERT_TRUE(a);
  EXPECT_EQ(ntohl(a->s_addr), (127u << 24) | 2u);  // 127.0.0.2
  auto b = source_address_for(2500, 1000, false);
  ASSERT_TRUE(b);
  EXPECT_EQ(ntohl(b->s_addr), (127u << 24) | 3u);
  EXPECT_FALSE(source_address_for(5000, 1000, true));  // ::1 has no siblings
  EXPECT_GT(ports_per_source_address(), 1000u);
}
