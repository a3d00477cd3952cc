// bot_loop.h — one event-loop thread driving its share of the bots over a readiness
// poller (poller.h: epoll on Linux, WSAPoll on Windows): connects
// them at the ramp rate, logs them in, sends their moves, reads (and drains) everything
// the server sends, and measures the delay of each bot's own move echo.
//
// Loop i of T owns the bots with global index g = i, i + T, i + 2T, ...; bot g connects at
// g * ramp_ms after the start. The coordinator thread talks to a loop only through
// take_window() (under the loop's mutex, once a second) and the atomic ramp/stop flags.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bot.h"
#include "delay_histogram.h"
#include "move_queue.h"
#include "options.h"
#include "poller.h"
#include "run_clock.h"

namespace iocplab::stress {

// Cumulative counts since the start; summed over loops by the coordinator.
struct LoopCounters {
  uint64_t connects = 0;          // connects started
  uint64_t connect_errors = 0;    // failed socket/bind/connect
  uint64_t logins = 0;            // SC_LOGIN_OK received
  uint64_t login_fail[7] = {};    // SC_LOGIN_FAIL by reason 1..6 (0: unknown reason)
  uint64_t closed_by_server = 0;  // EOF or reset while logging in or online
  uint64_t login_timeouts = 0;    // not logged in kLoginTimeoutUs after the connect began
  uint64_t protocol_errors = 0;   // bad frame size or undecodable frame from the server
  uint64_t moves_sent = 0;
  uint64_t moves_blocked = 0;     // not sent: the socket (and our small buffer) was full
  uint64_t echoes = 0;            // own SC_MOVE_PLAYER received
  uint64_t frames_in = 0;         // every frame received
  uint64_t bytes_in = 0;
  bool fd_exhausted = false;      // socket() failed with EMFILE/ENFILE (Windows: WSAEMFILE/WSAENOBUFS)

  void add(const LoopCounters& o);
  uint64_t errors() const;
};

struct LoopWindow {
  LoopCounters totals;
  uint32_t connecting = 0;  // sockets connecting or waiting for the login answer
  uint32_t logging_in = 0;  // of those, connected and waiting for the login answer
  uint32_t online = 0;      // logged in and alive
  bool ramp_done = false;   // every bot of this loop was started (or the ramp was stopped)
  DelayHistogram delays;    // echoes of this window, plus moves found overdue
};

class BotLoop {
 public:
  // A bot not logged in this long after its connect began is closed and counted.
  static constexpr uint64_t kLoginTimeoutUs = 10'000'000;

  BotLoop(const Options& opt, uint32_t index, uint32_t count, const RunClock& clock,
          uint32_t ports_per_address);
  ~BotLoop();
  BotLoop(const BotLoop&) = delete;
  BotLoop& operator=(const BotLoop&) = delete;

  bool ok() const { return poller_.ok(); }
  void run();                 // the thread body; returns after request_stop()
  void request_stop() { stop_.store(true); }
  void stop_ramp() { ramp_stopped_.store(true); }

  // Coordinator: adds this window's delays into out->delays (then starts a new window),
  // counts moves unanswered for longer than limit_us as overdue samples, and copies counters.
  void take_window(uint64_t limit_us, LoopWindow* out);
  // After run() returned: every echo's delay over the whole run.
  const DelayHistogram& all_delays() const { return all_; }
  std::string first_error();  // the first connect error's text, "" if none

 private:
  void start_due_connects(uint64_t now);
  void connect_bot(uint32_t global_index, uint64_t now);
  void on_event(const PollEvent& ev, uint64_t now);
  void on_connected(Bot& b, uint32_t slot);
  void on_readable(Bot& b, uint32_t slot, uint64_t now);
  void on_frame(Bot& b, uint32_t slot, std::span<const uint8_t> frame, uint64_t now);
  void on_echo(Bot& b, uint32_t seq, uint32_t client_time, uint64_t now);
  void send_due_moves(uint64_t now);
  void send_move(uint32_t slot, uint64_t now);
  void send_bytes(Bot& b, uint32_t slot, std::span<const uint8_t> bytes);
  void flush(Bot& b, uint32_t slot);
  void update_interest(Bot& b, uint32_t slot);
  void kill(Bot& b, uint32_t slot);
  uint64_t next_connect_due() const;
  int wait_timeout_ms(uint64_t now) const;

  const Options opt_;
  const uint32_t index_, count_;
  const RunClock& clock_;
  const uint32_t ports_per_address_;
  const uint32_t share_;  // bots this loop owns at most
  Poller poller_;

  std::vector<std::unique_ptr<Bot>> bots_;  // slot k = global index index_ + k * count_
  MoveQueue moves_;
  std::vector<uint8_t> scratch_out_;        // encode buffer, reused
  std::vector<uint8_t> scratch_in_;         // recv buffer, reused
  uint64_t rng_;

  std::atomic<bool> stop_{false};
  std::atomic<bool> ramp_stopped_{false};

  std::mutex mu_;  // guards everything below, and the bots while handling a batch
  LoopCounters counters_;
  uint32_t connecting_ = 0;  // Connecting or LoggingIn
  uint32_t logging_in_ = 0, online_ = 0;
  DelayHistogram window_, all_;
  std::string first_error_;
};

}  // namespace iocplab::stress
