#include "connection.h"

#include <algorithm>
#include <random>

#include "model/clock.h"
#include "socket_util.h"

namespace iocplab::client {

constexpr double kConnectTimeout = 3.0;
constexpr double kCoalesceWindow = 0.05;  // gather frames for at most 50 ms
constexpr int kCoalesceFrames = 4;

void Connection::start(const std::string& host, uint16_t port) {
  stop();
  stop_ = false;
  pieces_.clear();
  coalescing_.clear();
  coalesced_frames_ = 0;
  written_of_front_ = 0;
  assembler_.reset();
  waker_.open();
  thread_ = std::thread(&Connection::run, this, host, port);
}

void Connection::stop() {
  if (!thread_.joinable()) return;
  stop_ = true;
  wake();
  thread_.join();
  waker_.close();
  std::lock_guard lock(inbox_mutex_);
  inbox_.clear();
}

void Connection::wake() { waker_.wake(); }

void Connection::send(Frame frame) {
  {
    std::lock_guard lock(inbox_mutex_);
    inbox_.push_back(std::move(frame));
  }
  wake();
}

bool Connection::connect_blocking(const std::string& host, uint16_t port) {
  std::string error;
  fd_ = start_connect(host, port, &error);
  if (fd_ == kNoSocket) {
    events_.push({NetEvent::ConnectFailed, now_s(), {}, error});
    return false;
  }
  double deadline = now_s() + kConnectTimeout;
  while (!stop_) {
    PollFd p[2] = {{fd_, POLLOUT, 0}, {waker_.handle(), POLLIN, 0}};
    int ms = static_cast<int>((deadline - now_s()) * 1000);
    if (ms <= 0) break;
    if (poll_sockets(p, 2, ms) < 0) break;
    if (p[0].revents) {
      int err = connect_result(fd_);
      if (err == 0) {
        events_.push({NetEvent::Connected, now_s(), {}, host + ":" + std::to_string(port)});
        return true;
      }
      std::string why = is_refused(err) ? "connection refused: is the server running on port " +
                                              std::to_string(port) + "?"
                                        : "connect failed: " + socket_error_text(err);
      events_.push({NetEvent::ConnectFailed, now_s(), {}, why});
      close_socket(fd_);
      fd_ = kNoSocket;
      return false;
    }
    if (p[1].revents) waker_.drain();
  }
  events_.push({NetEvent::ConnectFailed, now_s(), {}, stop_ ? "cancelled" : "connect timed out after 3 s"});
  close_socket(fd_);
  fd_ = kNoSocket;
  return false;
}

void Connection::run(std::string host, uint16_t port) {
  if (!connect_blocking(host, port)) return;
  std::string why = "closed by the client";
  while (!stop_) {
    double now = now_s();
    take_inbox(now);
    if (!write_due(now)) { why = "send failed: connection lost"; break; }

    // Sleep until readable, woken, or the next fragment/coalesce deadline.
    double next = 0.5;
    if (!pieces_.empty()) next = std::max(0.0, pieces_.front().due_s - now);
    if (coalesced_frames_ > 0) next = std::min(next, std::max(0.0, coalesce_since_ + kCoalesceWindow - now));
    bool want_write = !pieces_.empty() && pieces_.front().due_s <= now;
    PollFd p[2] = {{fd_, short(POLLIN | (want_write ? POLLOUT : 0)), 0}, {waker_.handle(), POLLIN, 0}};
    int rc = poll_sockets(p, 2, static_cast<int>(next * 1000) + (next > 0 ? 1 : 0));
    if (rc < 0) { why = "poll failed"; break; }
    if (p[1].revents & POLLIN) waker_.drain();
    if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      if (!read_some(now_s())) { why = assembler_.failed() ? "bad frame size from the server" : "the server closed the connection"; break; }
    }
  }
  // Flush what is due on a clean stop (e.g. CS_LOGOUT), best effort.
  if (stop_) { take_inbox(1e18); write_due(1e18); }
  shutdown_both(fd_);
  close_socket(fd_);
  fd_ = kNoSocket;
  events_.push({NetEvent::Closed, now_s(), {}, why});
}

void Connection::take_inbox(double now) {
  std::vector<Frame> frames;
  {
    std::lock_guard lock(inbox_mutex_);
    frames.swap(inbox_);
  }
  static thread_local std::mt19937 rng(std::random_device{}());
  for (Frame& f : frames) {
    events_.push({NetEvent::FrameOut, now_s(), f, {}});
    if (fragment_) {
      double due = pieces_.empty() ? now : std::max(now, pieces_.back().due_s);
      for (size_t at = 0; at < f.size();) {
        size_t n = std::min<size_t>(f.size() - at, std::uniform_int_distribution<size_t>(1, 4)(rng));
        pieces_.push_back({Frame(f.begin() + at, f.begin() + at + n), due});
        due += std::uniform_int_distribution<int>(1, 5)(rng) / 1000.0;
        at += n;
      }
    } else if (coalesce_) {
      if (coalesced_frames_ == 0) coalesce_since_ = now;
      coalescing_.insert(coalescing_.end(), f.begin(), f.end());
      if (++coalesced_frames_ >= kCoalesceFrames) flush_coalesced(now);
    } else {
      pieces_.push_back({std::move(f), now});
    }
  }
  if (coalesced_frames_ > 0 && (now >= coalesce_since_ + kCoalesceWindow || !coalesce_)) flush_coalesced(now);
}

void Connection::flush_coalesced(double now) {
  pieces_.push_back({std::move(coalescing_), now});
  coalescing_.clear();
  coalesced_frames_ = 0;
}

bool Connection::write_due(double now) {
  while (!pieces_.empty() && pieces_.front().due_s <= now) {
    Piece& p = pieces_.front();
    long n = send_some(fd_, p.bytes.data() + written_of_front_, p.bytes.size() - written_of_front_);
    if (n < 0) return is_transient(last_socket_error());
    events_.push({NetEvent::PieceOut, now, {}, {}, static_cast<size_t>(n)});
    written_of_front_ += static_cast<size_t>(n);
    if (written_of_front_ < p.bytes.size()) return true;  // kernel buffer full: wait for POLLOUT
    written_of_front_ = 0;
    pieces_.pop_front();
  }
  return true;
}

bool Connection::read_some(double now) {
  uint8_t buf[16384];
  for (;;) {
    long n = recv_some(fd_, buf, sizeof buf);
    if (n == 0) return false;
    if (n < 0) return is_transient(last_socket_error());
    bool ok = assembler_.feed(FrameView(buf, static_cast<size_t>(n)), [&](FrameView f) {
      events_.push({NetEvent::FrameIn, now, Frame(f.begin(), f.end()), {}});
    }) == StreamAssembler::Status::Ok;
    if (!ok) return false;
  }
}

}  // namespace iocplab::client
