#include "store_stall_probe.h"

#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "net/connection.h"
#include "net/wire.h"

namespace iocplab::client {
namespace {
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

int count_type(const std::vector<NetEvent>& ev, uint8_t type) {
  int n = 0;
  for (const NetEvent& e : ev) n += e.kind == NetEvent::FrameIn && frame_type(e.frame) == type;
  return n;
}
}  // namespace

StoreStallResult run_store_stall(uint16_t port, const std::string& db_path, int hold_ms) {
  StoreStallResult r;
  auto t0 = Clock::now();
  auto say = [&](const std::string& s) {
    long ms = long(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count());
    r.timeline.push_back("+" + std::to_string(ms) + " ms  " + s);
  };
  Connection a, b;
  a.start("127.0.0.1", port);
  a.send(make_login("stall-a", "pw"));
  bool a_in = false;
  for (auto end = Clock::now() + 5s; !a_in && Clock::now() < end;) a_in = count_type(a.wait_events(100ms), SC_LOGIN_OK) > 0;
  if (!a_in) { say("player A got no SC_LOGIN_OK within 5 s"); return r; }
  say("player A logged in");

  sqlite3* db = nullptr;
  if (sqlite3_open(db_path.c_str(), &db) != SQLITE_OK || sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    say(std::string("cannot lock the store: ") + (db ? sqlite3_errmsg(db) : "no memory"));
    sqlite3_close(db);
    return r;
  }
  say("store locked (BEGIN EXCLUSIVE on " + db_path + ")");
  b.start("127.0.0.1", port);
  b.send(make_login("stall-b", "pw"));
  say("player B sent its login: it waits on the store");
  // A moves every 100 ms while the lock is held; each echo is timed from its send.
  auto release_at = Clock::now() + std::chrono::milliseconds(hold_ms);
  uint32_t seq = 0;
  auto last_send = Clock::now() - 1s;
  std::vector<Clock::time_point> sent;
  int b_ok = 0;
  while (Clock::now() < release_at) {
    if (Clock::now() - last_send >= 100ms) {
      last_send = Clock::now();
      sent.push_back(last_send);
      ++seq;
      a.send(make_move(uint8_t(seq % 4), seq, 0));
    }
    for (const NetEvent& e : a.wait_events(20ms)) {
      if (e.kind != NetEvent::FrameIn || frame_type(e.frame) != SC_MOVE_PLAYER) continue;
      size_t i = size_t(r.moves_during_stall++);
      long d = i < sent.size() ? long(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - sent[i]).count()) : -1;
      say("A's move " + std::to_string(i + 1) + " echoed after " + std::to_string(d) + " ms (store still locked)");
    }
    b_ok += count_type(b.drain(), SC_LOGIN_OK);
  }
  r.b_waited = b_ok == 0;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  say(r.b_waited ? "store released; B had no answer while it was locked" : "store released; B was let in while it was locked");
  for (auto end = Clock::now() + 5s; b_ok == 0 && Clock::now() < end;) b_ok += count_type(b.wait_events(100ms), SC_LOGIN_OK);
  r.b_logged_in = b_ok > 0;
  say(r.b_logged_in ? "player B's login completed" : "player B got no SC_LOGIN_OK within 5 s of the release");
  a.stop();
  b.stop();
  return r;
}

}  // namespace iocplab::client
