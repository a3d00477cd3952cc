// abuse_server.h — a child iocplab-server for the rule abuse tests, and small helpers.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "game_client.h"
#include "server_process.h"

namespace iocplab::abuse {

using namespace std::chrono_literals;
using testing::GameClient;

// Starts the server (load-test hash cost first, then args); port 0 if it did not start.
inline uint16_t start(testing::ServerProcess& p, std::vector<std::string> args) {
  std::vector<std::string> all{"--port", "0", "--db", ":memory:", "--workers", "2"};
  all.insert(all.end(), args.begin(), args.end());
  if (!p.spawn(all)) return 0;
  return p.wait_listening(10s);
}

// One connection, one CS_LOGIN: 0 for SC_LOGIN_OK, else the FAIL reason, 255 for nothing.
inline uint8_t login_reason(uint16_t port, const std::string& name, const std::string& pw) {
  GameClient c;
  if (!c.connect(port)) return 255;
  if (!c.send_packet(proto::make_login(name, pw))) return 255;
  for (int i = 0; i < 100; ++i) {
    auto f = c.next(5s);
    if (!f) return 255;
    if (auto* fail = std::get_if<proto::ScLoginFail>(&*f)) return fail->reason;
    if (std::holds_alternative<proto::ScLoginOk>(*f)) return 0;
  }
  return 255;
}

// The server still serves: a new account logs in and its move is echoed.
inline bool still_serves(uint16_t port, const std::string& name) {
  GameClient c;
  if (!c.connect(port) || !c.login(name, "pw")) return false;
  return c.step(c.pos.first > 0 ? 2 : 3);
}

}  // namespace iocplab::abuse
