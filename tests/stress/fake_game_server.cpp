#include "fake_game_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "protocol/packet_assembler.h"
#include "protocol/protocol.h"

namespace stress_test {
namespace proto = iocplab::proto;
namespace {

struct Client {
  int fd = -1;
  uint32_t id = 0;  // 0 until logged in
  uint16_t x = 0, y = 0;
  std::string name;
  proto::PacketAssembler assembler;
};

uint64_t now_us() {
  using namespace std::chrono;
  return uint64_t(duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count());
}

}  // namespace

FakeGameServer::FakeGameServer(uint64_t echo_delay_per_client_us) : delay_per_client_us_(echo_delay_per_client_us) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && ::listen(listen_fd_, 512) == 0 &&
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port_ = ntohs(a.sin_port);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC);
  thread_ = std::thread([this] { run(); });
}

FakeGameServer::~FakeGameServer() {
  uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
  thread_.join();
  ::close(wake_fd_);
  ::close(listen_fd_);
}

int FakeGameServer::pid_for_cpu() const { return int(::getpid()); }

void FakeGameServer::run() {
  std::vector<std::unique_ptr<Client>> clients;
  std::multimap<uint64_t, std::pair<int, std::vector<uint8_t>>> delayed;  // due -> (fd, frame)
  uint32_t next_id = 1, online = 0;
  std::vector<pollfd> fds;
  std::vector<uint8_t> frame;
  uint8_t buf[16 * 1024];

  auto send_to = [&](int fd, const std::vector<uint8_t>& bytes) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n == ssize_t(bytes.size())) {
      counters_.frames_out.fetch_add(1);
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      counters_.slow_reader_drops.fetch_add(1);
    }
  };
  auto close_client = [&](size_t i) {
    if (clients[i]->id) --online;
    ::close(clients[i]->fd);
    for (auto it = delayed.begin(); it != delayed.end();)
      it = it->second.first == clients[i]->fd ? delayed.erase(it) : std::next(it);
    clients.erase(clients.begin() + long(i));
  };

  for (;;) {
    fds.clear();
    fds.push_back({wake_fd_, POLLIN, 0});
    fds.push_back({listen_fd_, POLLIN, 0});
    for (auto& c : clients) fds.push_back({c->fd, POLLIN, 0});
    int timeout = 100;
    if (!delayed.empty()) {
      uint64_t due = delayed.begin()->first, now = now_us();
      timeout = due <= now ? 0 : int((due - now + 999) / 1000);
    }
    if (::poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) break;
    if (fds[0].revents) break;  // stop requested

    for (uint64_t now = now_us(); !delayed.empty() && delayed.begin()->first <= now;) {
      send_to(delayed.begin()->second.first, delayed.begin()->second.second);
      delayed.erase(delayed.begin());
    }
    if (fds[1].revents & POLLIN) {
      sockaddr_in peer{};
      socklen_t peer_len = sizeof peer;
      int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &peer_len, SOCK_CLOEXEC);
      if (fd >= 0) {
        {
          std::lock_guard lock(mu_);
          sources_.insert(ntohl(peer.sin_addr.s_addr));
        }
        int one = 1;  // answer at once, like a game server should (no Nagle wait for an ACK)
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        clients.push_back(std::make_unique<Client>());
        clients.back()->fd = fd;
      }
    }
    // Clients that were polled are the first fds.size() - 2 entries (new ones come after).
    for (size_t i = fds.size() - 2; i-- > 0;) {
      if (!(fds[i + 2].revents & (POLLIN | POLLERR | POLLHUP))) continue;
      Client& c = *clients[i];
      ssize_t n = ::recv(c.fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        close_client(i);
        continue;
      }
      if (n < 0) continue;
      bool bad = false;
      auto status = c.assembler.feed(std::span<const uint8_t>(buf, size_t(n)), [&](std::span<const uint8_t> f) {
        if (bad) return;
        uint8_t type = proto::frame_type(f);
        if (type == uint8_t(proto::Type::CsLogin) && c.id == 0) {
          proto::CsLogin login;
          if (proto::decode(f, login) != proto::DecodeError::None ||
              !proto::valid_name_field(login.name, &c.name) || !proto::valid_password_field(login.password, nullptr)) {
            bad = true;
            return;
          }
          c.id = next_id++;
          ++online;
          counters_.logins.fetch_add(1);
          c.x = uint16_t(c.id % 50);
          c.y = uint16_t(c.id / 50 % 50);
          frame.clear();
          proto::encode(frame, proto::ScLoginOk{c.id, c.x, c.y, 50, 50, 7});
          send_to(c.fd, frame);
          for (auto& other : clients) {  // everyone sees everyone in this tiny world
            if (other.get() == &c || other->id == 0) continue;
            frame.clear();
            proto::encode(frame, proto::ScAddPlayer{c.id, c.x, c.y, c.name});
            send_to(other->fd, frame);
            frame.clear();
            proto::encode(frame, proto::ScAddPlayer{other->id, other->x, other->y, other->name});
            send_to(c.fd, frame);
          }
        } else if (type == uint8_t(proto::Type::CsMove) && c.id != 0) {
          proto::CsMove m;
          if (proto::decode(f, m) != proto::DecodeError::None) {
            bad = true;
            return;
          }
          counters_.moves.fetch_add(1);
          frame.clear();
          proto::encode(frame, proto::ScMovePlayer{c.id, c.x, c.y, m.seq, m.client_time});
          if (delay_per_client_us_ == 0) {
            send_to(c.fd, frame);
          } else {
            delayed.emplace(now_us() + delay_per_client_us_ * online, std::make_pair(c.fd, frame));
          }
          for (auto& other : clients)
            if (other.get() != &c && other->id != 0) send_to(other->fd, frame);
        } else {
          bad = true;
        }
      });
      if (bad || status != proto::PacketAssembler::Status::Ok) {
        counters_.bad_frames.fetch_add(1);
        close_client(i);
      }
    }
  }
  for (auto& c : clients) ::close(c->fd);
}

}  // namespace stress_test
