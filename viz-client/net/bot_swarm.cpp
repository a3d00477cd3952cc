#include "bot_swarm.h"

#include <cstdlib>
#include <memory>
#include <random>
#include <vector>

#include "model/clock.h"
#include "socket_util.h"
#include "wire.h"

namespace iocplab::client {
namespace {

// A bot far from home hurries back at 16 moves a second: inside the server's default move
// allowance (--move-rate 20, PROTOCOL.md v1.1), so no move is refused.
constexpr double kHomewardStep = 1.0 / 16;

struct Bot {
  SocketHandle fd = kNoSocket;
  int index = 0;
  bool connected = false, logged_in = false, dead = false;
  double next_move_s = 0;
  uint32_t seq = 0, id = 0, echoed = 0;  // last move sent, last move the server echoed
  int x = 0, y = 0;
  Frame out;  // bytes not yet written
  StreamAssembler in;
};

bool flush(Bot& b) {
  while (!b.out.empty()) {
    long n = send_some(b.fd, b.out.data(), b.out.size());
    if (n < 0) return is_transient(last_socket_error());
    b.out.erase(b.out.begin(), b.out.begin() + n);
  }
  return true;
}

void queue(Bot& b, const Frame& f) { b.out.insert(b.out.end(), f.begin(), f.end()); }

}  // namespace

std::string BotSwarm::last_error() const { return last_error_.load(); }

void BotSwarm::start(const std::string& host, uint16_t port, const std::string& name_prefix) {
  stop();
  stop_ = false;
  thread_ = std::thread(&BotSwarm::run, this, host, port, name_prefix);
}

void BotSwarm::stop() {
  if (!thread_.joinable()) return;
  stop_ = true;
  thread_.join();
}

void BotSwarm::run(std::string host, uint16_t port, std::string prefix) {
  std::mt19937 rng(std::random_device{}());
  std::vector<std::unique_ptr<Bot>> bots;
  int next_index = 1;
  double grow_after = 0;  // back off for a second after a failure

  auto retire = [&](Bot& b, bool graceful) {
    if (graceful && b.connected) {
      queue(b, make_logout());
      flush(b);
    }
    if (b.fd != kNoSocket) close_socket(b.fd);
    b.fd = kNoSocket;
    if (b.connected) connected_--;
    if (b.logged_in) logged_in_--;
    b.connected = b.logged_in = false;
    b.dead = true;
    if (!graceful) grow_after = now_s() + 1.0;
  };

  while (!stop_) {
    double now = now_s();
    // Grow or shrink toward the target (newest bots leave first).
    while (static_cast<int>(bots.size()) < target_ && now >= grow_after) {
      auto b = std::make_unique<Bot>();
      b->index = next_index++;
      std::string error;
      b->fd = start_connect(host, port, &error);
      if (b->fd == kNoSocket) {
        failed_++;
        last_error_ = "bot connect failed";
        grow_after = now + 1.0;
        break;
      }
      bots.push_back(std::move(b));
    }
    while (static_cast<int>(bots.size()) > target_) {
      retire(*bots.back(), true);
      bots.pop_back();
    }

    std::vector<PollFd> fds;
    for (auto& b : bots) {
      short ev = b->connected ? POLLIN : POLLOUT;
      if (b->connected && !b->out.empty()) ev |= POLLOUT;
      fds.push_back({b->fd, ev, 0});
    }
    poll_sockets(fds.data(), fds.size(), 20);
    now = now_s();

    for (size_t i = 0; i < bots.size(); ++i) {
      Bot& b = *bots[i];
      short re = fds[i].revents;
      if (!b.connected && re) {
        if (connect_result(b.fd) != 0) { failed_++; last_error_ = "bot connect refused"; retire(b, false); continue; }
        b.connected = true;
        connected_++;
        std::string name = prefix + std::to_string(b.index);
        queue(b, make_login(name, "bot"));
        b.next_move_s = now + std::uniform_real_distribution<double>(0.1, 0.4)(rng);
      }
      if (!b.connected) continue;
      if (re & (POLLIN | POLLHUP | POLLERR)) {
        uint8_t buf[8192];
        for (;;) {
          long n = recv_some(b.fd, buf, sizeof buf);
          if (n == 0 || (n < 0 && !is_transient(last_socket_error()))) {
            failed_++;
            last_error_ = b.logged_in ? "a bot was disconnected" : "a bot's login was refused";
            retire(b, false);
            break;
          }
          if (n < 0) break;
          b.in.feed(FrameView(buf, static_cast<size_t>(n)), [&](FrameView f) {
            frames_in_++;
            if (auto ok = parse_login_ok(f); ok && !b.logged_in) {
              b.logged_in = true;
              logged_in_++;
              b.id = ok->id;
              b.x = ok->x;
              b.y = ok->y;
            } else if (auto mv = parse_move_player(f); mv && mv->id == b.id) {
              b.x = mv->x;
              b.y = mv->y;
              b.echoed = mv->seq;
            }
          });
        }
        if (b.dead) continue;
      }
      if (b.logged_in && moving_ && now >= b.next_move_s) {
        int dx = home_x_ - b.x, dy = home_y_ - b.y, r = home_radius_;
        bool far_from_home = has_home_ && (std::abs(dx) > r || std::abs(dy) > r);
        uint8_t dir;
        if (far_from_home) {  // head home along the longer axis, quickly
          dir = std::abs(dx) >= std::abs(dy) ? (dx > 0 ? 3 : 2) : (dy > 0 ? 1 : 0);
        } else {
          dir = static_cast<uint8_t>(std::uniform_int_distribution<int>(0, 3)(rng));
          // Stay inside the home box: a step out of it is turned around.
          if (has_home_ && dir == 3 && dx <= -r) dir = 2;
          else if (has_home_ && dir == 2 && dx >= r) dir = 3;
          else if (has_home_ && dir == 1 && dy <= -r) dir = 0;
          else if (has_home_ && dir == 0 && dy >= r) dir = 1;
        }
        queue(b, make_move(dir, ++b.seq, now_ms()));
        moves_out_++;
        b.next_move_s = now + (far_from_home ? kHomewardStep : std::uniform_real_distribution<double>(0.25, 0.7)(rng));
      }
      if (!flush(b)) { failed_++; retire(b, false); }
    }
    int near_count = 0, flying = 0;
    for (auto& b : bots) {
      if (b->logged_in && std::abs(home_x_ - b->x) <= home_radius_ && std::abs(home_y_ - b->y) <= home_radius_) near_count++;
      if (b->logged_in && !b->dead) flying += static_cast<int>(b->seq - b->echoed);
    }
    near_home_ = near_count;
    in_flight_ = flying;
    // Dead bots are replaced on the next round (the target still counts them).
    std::erase_if(bots, [](const std::unique_ptr<Bot>& b) { return b->dead; });
  }
  for (auto& b : bots) retire(*b, true);
}

}  // namespace iocplab::client
