// grid_bots — a second, minimal bot client for the game server, written from PROTOCOL.md alone
// (it shares no code with tools/stress or server/protocol), so that a capacity figure is not
// one tool's. N bots connect at --ramp-per-s, log in, and each moves one random tile every
// --move-ms, with its own phase. The delay of a move is the time until the mover's own
// SC_MOVE_PLAYER echo comes back (client_time carries a microsecond clock). After the ramp it
// counts for --seconds and prints one line:
//   bots=N logged_in=L failed=F moves=M echoes=E avg_ms=A p50_ms=B p99_ms=C max_ms=D
// Each second of the run also prints a progress line on stderr. Loopback only.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "fd_limit.h"
#include "flags.h"
#include "latency_histogram.h"

namespace iocplab::bench {
namespace {

uint64_t now_us() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000ull + static_cast<uint64_t>(ts.tv_nsec) / 1000;
}

// The few frames a bot needs, little-endian as PROTOCOL.md fixes them.
constexpr uint8_t kCsLogin = 1, kCsMove = 2, kScLoginOk = 11, kScLoginFail = 12, kScMovePlayer = 14;

void put16(std::string& out, uint16_t v) { out += static_cast<char>(v & 0xff), out += static_cast<char>(v >> 8); }
void put32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
uint16_t get16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t get32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) | (static_cast<uint32_t>(p[2]) << 16) |
         (static_cast<uint32_t>(p[3]) << 24);
}

std::string login_frame(const std::string& name, const std::string& password) {
  std::string f;
  put16(f, 43);
  f += static_cast<char>(kCsLogin);
  std::string n = name, p = password;
  n.resize(20, '\0');
  p.resize(20, '\0');
  return f + n + p;
}

std::string move_frame(uint8_t dir, uint32_t seq, uint32_t client_time) {
  std::string f;
  put16(f, 12);
  f += static_cast<char>(kCsMove);
  f += static_cast<char>(dir);
  put32(f, seq);
  put32(f, client_time);
  return f;
}

struct Bot {
  size_t index = 0;  // in its loop's bots_, the epoll data
  int fd = -1;
  enum class State { Closed, LoggingIn, Playing } state = State::Closed;
  uint32_t id = 0, seq = 0;
  std::vector<uint8_t> in;  // bytes read, not yet a whole frame
  std::string out;          // bytes not yet written
  bool want_out = false;
};

struct Totals {
  std::atomic<uint64_t> logged_in{0}, failed{0}, moves{0}, echoes{0};
};

// One event-loop thread and its share of the bots.
class BotLoop {
 public:
  BotLoop(sockaddr_in server, std::string prefix, unsigned move_ms, Totals& totals, uint32_t seed)
      : server_(server), prefix_(std::move(prefix)), slots_(move_ms / kSlotMs ? move_ms / kSlotMs : 1),
        totals_(totals), rng_(seed), by_slot_(slots_) {
    epoll_ = epoll_create1(0);
  }
  ~BotLoop() {
    for (auto& b : bots_)
      if (b->fd >= 0) close(b->fd);
    if (epoll_ >= 0) close(epoll_);
  }

  // Runs until `stop_at`: starts bot number k (global index first + k * stride) when the ramp
  // says so; only moves made after `measure_from` count.
  void run(uint64_t start, uint64_t measure_from, uint64_t stop_at, unsigned count, unsigned first, unsigned stride,
           double ramp_per_s) {
    measure_from_ = measure_from;
    unsigned started = 0;
    uint64_t next_slot_at = start;
    size_t slot = 0;
    epoll_event events[256];
    for (uint64_t now = now_us(); now < stop_at; now = now_us()) {
      // The ramp: the k-th bot starts k / ramp_per_s seconds after `start` (this thread's share).
      while (started < count && now >= start + static_cast<uint64_t>(started * 1e6 / ramp_per_s)) {
        start_bot(first + started * stride);
        ++started;
      }
      // Moves: every kSlotMs one slot's bots move; a bot stays in its slot, so it moves once per move_ms.
      while (now >= next_slot_at) {
        for (size_t i : by_slot_[slot]) move(*bots_[i], now);
        slot = (slot + 1) % slots_;
        next_slot_at += kSlotMs * 1000ull;
      }
      int n = epoll_wait(epoll_, events, 256, 2);
      now = now_us();
      for (int i = 0; i < n; ++i) {
        Bot& b = *bots_[events[i].data.u64];
        if (events[i].events & EPOLLOUT) flush(b);
        if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) read_frames(b, now);
      }
    }
  }
  const LatencyHistogram& histogram() const { return hist_; }

 private:
  static constexpr unsigned kSlotMs = 10;

  void start_bot(unsigned index) {
    auto bot = std::make_unique<Bot>();
    bot->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (bot->fd < 0 || (connect(bot->fd, reinterpret_cast<const sockaddr*>(&server_), sizeof server_) < 0 &&
                        errno != EINPROGRESS)) {
      if (bot->fd >= 0) close(bot->fd);
      totals_.failed++;
      return;
    }
    int one = 1;
    setsockopt(bot->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    bot->state = Bot::State::LoggingIn;
    bot->out = login_frame(prefix_ + std::to_string(index), "pw");
    size_t at = bots_.size();
    bot->index = at;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;  // the login goes out when the connect completes
    ev.data.u64 = at;
    bot->want_out = true;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, bot->fd, &ev);
    bots_.push_back(std::move(bot));
    by_slot_[std::uniform_int_distribution<size_t>(0, slots_ - 1)(rng_)].push_back(at);
  }

  void move(Bot& b, uint64_t now) {
    if (b.state != Bot::State::Playing) return;
    uint8_t dir = static_cast<uint8_t>(std::uniform_int_distribution<int>(0, 3)(rng_));
    b.out += move_frame(dir, ++b.seq, static_cast<uint32_t>(now));
    if (now >= measure_from_) totals_.moves++;
    flush(b);
  }

  void flush(Bot& b) {
    while (!b.out.empty()) {
      ssize_t w = send(b.fd, b.out.data(), b.out.size(), MSG_NOSIGNAL);
      if (w < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == ENOTCONN) return want_out(b, true);
        return fail(b);
      }
      b.out.erase(0, static_cast<size_t>(w));
    }
    want_out(b, false);
  }

  void want_out(Bot& b, bool on) {
    if (b.want_out == on || b.fd < 0) return;
    b.want_out = on;
    epoll_event ev{};
    ev.events = EPOLLIN | (on ? EPOLLOUT : 0u);
    ev.data.u64 = b.index;
    epoll_ctl(epoll_, EPOLL_CTL_MOD, b.fd, &ev);
  }

  void read_frames(Bot& b, uint64_t now) {
    uint8_t buf[16384];
    for (;;) {
      ssize_t r = recv(b.fd, buf, sizeof buf, MSG_DONTWAIT);
      if (r == 0) return fail(b);
      if (r < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN) break;
        return fail(b);
      }
      b.in.insert(b.in.end(), buf, buf + r);
    }
    size_t at = 0;
    while (b.in.size() - at >= 3) {
      uint16_t size = get16(&b.in[at]);
      if (size < 3) return fail(b);
      if (b.in.size() - at < size) break;
      on_frame(b, &b.in[at], size, now);
      if (b.fd < 0) return;
      at += size;
    }
    b.in.erase(b.in.begin(), b.in.begin() + static_cast<long>(at));
  }

  void on_frame(Bot& b, const uint8_t* f, uint16_t size, uint64_t now) {
    if (f[2] == kScLoginOk && size == 17 && b.state == Bot::State::LoggingIn) {
      b.id = get32(f + 3);
      b.state = Bot::State::Playing;
      totals_.logged_in++;
    } else if (f[2] == kScLoginFail) {
      fail(b);
    } else if (f[2] == kScMovePlayer && size == 19 && get32(f + 3) == b.id) {
      uint32_t sent = get32(f + 15);  // client_time: the low 32 bits of now_us() at sending
      uint32_t delay = static_cast<uint32_t>(now) - sent;
      if (now >= measure_from_ && now - delay >= measure_from_) {
        totals_.echoes++;
        hist_.add_ns(static_cast<uint64_t>(delay) * 1000);
      }
    }
  }

  void fail(Bot& b) {
    if (b.fd < 0) return;
    if (b.state == Bot::State::Playing) totals_.logged_in--;
    epoll_ctl(epoll_, EPOLL_CTL_DEL, b.fd, nullptr);
    close(b.fd);
    b.fd = -1;
    b.state = Bot::State::Closed;
    totals_.failed++;
  }

  sockaddr_in server_;
  std::string prefix_;
  size_t slots_;
  Totals& totals_;
  std::mt19937 rng_;
  int epoll_ = -1;
  uint64_t measure_from_ = 0;
  std::vector<std::unique_ptr<Bot>> bots_;
  std::vector<std::vector<size_t>> by_slot_;
  LatencyHistogram hist_;
};

}  // namespace
}  // namespace iocplab::bench

int main(int argc, char** argv) {
  using namespace iocplab::bench;
  Flags flags(argc, argv,
              "usage: iocplab-bench-grid-bots --port P [--host 127.0.0.1] [--bots 1000] [--ramp-per-s 1000]\n"
              "                               [--seconds 5] [--move-ms 1000] [--threads 1] [--name-prefix gb]\n"
              "A minimal, independent bot client for iocplab-server (see bench/README.md).\n"
              "Prints: bots=N logged_in=L failed=F moves=M echoes=E avg_ms=A p50_ms=B p99_ms=C max_ms=D\n");
  flags.check_known({"--host", "--port", "--bots", "--ramp-per-s", "--seconds", "--move-ms", "--threads", "--name-prefix"});
  raise_fd_limit();
  long port = flags.num("--port", 0), bots = flags.num("--bots", 1000), move_ms = flags.num("--move-ms", 1000);
  long threads = flags.num("--threads", 1);
  double ramp = flags.real("--ramp-per-s", 1000), seconds = flags.real("--seconds", 5);
  std::string prefix = flags.str("--name-prefix", "gb");
  if (port <= 0 || port > 65535 || bots <= 0 || ramp <= 0 || seconds <= 0 || move_ms < 10 || threads < 1 ||
      threads > 16 || prefix.empty() || prefix.size() > 12) {
    std::fprintf(stderr, "need --port 1..65535, --bots > 0, --ramp-per-s > 0, --seconds > 0, --move-ms >= 10, "
                         "--threads 1..16, --name-prefix of 1..12 bytes\n");
    return 2;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, flags.str("--host", "127.0.0.1").c_str(), &addr.sin_addr) != 1 ||
      (ntohl(addr.sin_addr.s_addr) >> 24) != 127) {
    std::fprintf(stderr, "grid_bots: --host: loopback (127.0.0.0/8) targets only\n");
    return 2;
  }

  Totals totals;
  const uint64_t start = now_us();
  const uint64_t measure_from = start + static_cast<uint64_t>(static_cast<double>(bots) / ramp * 1e6) + 1000000;
  const uint64_t stop_at = measure_from + static_cast<uint64_t>(seconds * 1e6);
  std::vector<std::unique_ptr<BotLoop>> loops;
  std::vector<std::thread> runners;
  for (long t = 0; t < threads; ++t) {
    loops.push_back(std::make_unique<BotLoop>(addr, prefix, static_cast<unsigned>(move_ms), totals,
                                              static_cast<uint32_t>(t + 1)));
    unsigned share = static_cast<unsigned>(bots / threads + (t < bots % threads ? 1 : 0));
    runners.emplace_back([&, t, share] {
      loops[static_cast<size_t>(t)]->run(start, measure_from, stop_at, share, static_cast<unsigned>(t + 1),
                                         static_cast<unsigned>(threads), ramp / static_cast<double>(threads));
    });
  }
  // Progress, once a second, while the threads run.
  for (uint64_t now = now_us(); now < stop_at; now = now_us()) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    std::fprintf(stderr, "grid_bots: %5.1f s  logged in %llu  failed %llu  %s\n", (now_us() - start) / 1e6,
                 static_cast<unsigned long long>(totals.logged_in.load()),
                 static_cast<unsigned long long>(totals.failed.load()), now_us() < measure_from ? "ramp" : "counting");
  }
  for (auto& r : runners) r.join();
  LatencyHistogram hist;
  for (auto& l : loops) hist.merge(l->histogram());
  double avg_ms = hist.count() ? hist.mean_us() / 1000.0 : 0;
  std::printf("bots=%ld logged_in=%llu failed=%llu moves=%llu echoes=%llu avg_ms=%.2f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
              bots, static_cast<unsigned long long>(totals.logged_in.load()),
              static_cast<unsigned long long>(totals.failed.load()), static_cast<unsigned long long>(totals.moves.load()),
              static_cast<unsigned long long>(totals.echoes.load()), avg_ms, hist.percentile_us(0.50) / 1000.0,
              hist.percentile_us(0.99) / 1000.0, static_cast<double>(hist.max_us()) / 1000.0);
  return totals.logged_in.load() > 0 ? 0 : 1;
}
