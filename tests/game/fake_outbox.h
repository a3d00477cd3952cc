// fake_outbox.h — a SessionOutbox for unit tests: records every frame sent per session,
// every close, and queues post() callbacks and the on_close that a real network would
// deliver later, to be run by pump() on the test thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "net/session_sink.h"
#include "protocol/protocol.h"

namespace iocplab::game::test {

struct CloseRecord {
  net::CloseReason why;
  std::string detail;
};

class FakeOutbox : public net::SessionOutbox {
 public:
  // When set, close() queues handler->on_close(id, why) like the network does.
  net::SessionHandler* handler = nullptr;

  void send(net::SessionId id, net::Bytes frames) override {
    std::lock_guard g(lock_);
    auto& list = frames_[id];
    size_t at = 0;
    while (at + 3 <= frames->size()) {
      const size_t size = proto::frame_size(std::span(*frames).subspan(at));
      if (size < 3 || at + size > frames->size()) break;
      list.emplace_back(frames->begin() + long(at), frames->begin() + long(at + size));
      at += size;
    }
    if (at != frames->size()) malformed_ = true;
    ++sends_;
  }
  void close(net::SessionId id, net::CloseReason why, std::string_view detail) override {
    std::lock_guard g(lock_);
    if (closes_.count(id)) {
      ++double_closes_;
      return;
    }
    closes_[id] = CloseRecord{why, std::string(detail)};
    if (handler) {
      auto* h = handler;
      queue_.push_back([h, id, why] { h->on_close(id, why); });
      wake_.notify_all();
    }
  }
  void post(std::function<void()> fn) override {
    std::lock_guard g(lock_);
    queue_.push_back(std::move(fn));
    wake_.notify_all();
  }

  // Runs queued callbacks until pred() holds or the time runs out. Returns pred().
  bool pump_until(const std::function<bool()>& pred,
                  std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      if (pred()) return true;
      std::function<void()> fn;
      {
        std::unique_lock g(lock_);
        if (!wake_.wait_until(g, deadline, [&] { return !queue_.empty(); })) return pred();
        fn = std::move(queue_.front());
        queue_.pop_front();
      }
      fn();
    }
  }
  // Runs whatever is queued now (no waiting).
  void pump_ready() {
    for (;;) {
      std::function<void()> fn;
      {
        std::lock_guard g(lock_);
        if (queue_.empty()) return;
        fn = std::move(queue_.front());
        queue_.pop_front();
      }
      fn();
    }
  }

  std::vector<std::vector<uint8_t>> frames(net::SessionId id) {
    std::lock_guard g(lock_);
    return frames_[id];
  }
  size_t frame_count(net::SessionId id) {
    std::lock_guard g(lock_);
    return frames_[id].size();
  }
  void clear_frames() {
    std::lock_guard g(lock_);
    frames_.clear();
  }
  std::optional<CloseRecord> closed(net::SessionId id) {
    std::lock_guard g(lock_);
    auto it = closes_.find(id);
    if (it == closes_.end()) return std::nullopt;
    return it->second;
  }
  bool malformed() {
    std::lock_guard g(lock_);
    return malformed_;
  }
  int double_closes() {
    std::lock_guard g(lock_);
    return double_closes_;
  }

 private:
  std::mutex lock_;
  std::condition_variable wake_;
  std::map<net::SessionId, std::vector<std::vector<uint8_t>>> frames_;
  std::map<net::SessionId, CloseRecord> closes_;
  std::deque<std::function<void()>> queue_;
  uint64_t sends_ = 0;
  bool malformed_ = false;
  int double_closes_ = 0;
};

}  // namespace iocplab::game::test
