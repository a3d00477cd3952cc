// store_stall_probe.h — stage 17's probe: moves flow while the store stalls. Player A logs
// in; another connection to the stage's SQLite file holds BEGIN EXCLUSIVE for hold_ms;
// player B logs in (its login waits on the store); A's moves keep coming back meanwhile;
// the lock is released and B's login completes. Bounded: every wait has a deadline.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace iocplab::client {

struct StoreStallResult {
  std::vector<std::string> timeline;  // "+123 ms  ..." lines, in order
  int moves_during_stall = 0;         // A's echoes that came back while the lock was held
  bool b_waited = false;              // no SC_LOGIN_OK for B while the lock was held
  bool b_logged_in = false;           // B's SC_LOGIN_OK after the release
};
// hold_ms must stay under the stage's busy time-out (2 s) for B's login to succeed.
StoreStallResult run_store_stall(uint16_t port, const std::string& db_path, int hold_ms = 1200);

}  // namespace iocplab::client
