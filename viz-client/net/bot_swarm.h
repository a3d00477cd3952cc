// bot_swarm.h — N wandering bots, each its own TCP connection and account, driven by
// one thread: log in, step in a random direction every few hundred ms, read and
// discard what the server sends (so none becomes a slow reader).
// The UI thread sets the target count; the swarm thread owns the sockets.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

namespace iocplab::client {

class BotSwarm {
 public:
  BotSwarm() = default;
  ~BotSwarm() { stop(); }
  BotSwarm(const BotSwarm&) = delete;
  BotSwarm& operator=(const BotSwarm&) = delete;

  // Starts the thread; bots connect to host:port. name_prefix + index is each bot's name.
  void start(const std::string& host, uint16_t port, const std::string& name_prefix);
  void stop();  // logs every bot out and joins
  bool running() const { return thread_.joinable(); }

  void set_target(int n) { target_ = n < 0 ? 0 : n; }
  int target() const { return target_; }
  void set_moving(bool on) { moving_ = on; }
  bool moving() const { return moving_; }

  // Where bots gather: within radius tiles of (x, y). Without a home they just wander.
  void set_home(int x, int y, int radius) { home_x_ = x; home_y_ = y; home_radius_ = radius; has_home_ = true; }
  int near_home() const { return near_home_; }  // logged-in bots within the radius now
  int moves_in_flight() const { return in_flight_; }  // bot moves not yet echoed by the server

  int connected() const { return connected_; }
  int logged_in() const { return logged_in_; }
  int failed() const { return failed_; }                 // connects or logins that failed
  uint64_t frames_received() const { return frames_in_; }
  uint64_t moves_sent() const { return moves_out_; }
  std::string last_error() const;

 private:
  void run(std::string host, uint16_t port, std::string prefix);

  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<int> target_{0};
  std::atomic<bool> moving_{true};
  std::atomic<int> connected_{0}, logged_in_{0}, failed_{0}, near_home_{0}, in_flight_{0};
  std::atomic<int> home_x_{0}, home_y_{0}, home_radius_{5};
  std::atomic<bool> has_home_{false};
  std::atomic<uint64_t> frames_in_{0}, moves_out_{0};
  mutable std::atomic<const char*> last_error_{""};
};

}  // namespace iocplab::client
