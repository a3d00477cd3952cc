// fake_outbox.h — a SessionOutbox for unit tests: records every frame sent per session,
// every close, and queues post() callbacks and the on_close that a real network would
// deliver later, to be run by pump() on the test thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <unordered_map>
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

  // Sends to these ids (prepared before any concurrent send) are recorded without a lock:
  // a relaxed compare-exchange per send keeps their order but adds no happens-before edge
  // between sending threads, so ThreadSanitizer still sees the game's own synchronization.
  void record_without_lock(const std::vector<net::SessionId>& ids) {
    std::lock_guard g(lock_);
    for (auto id : ids) lockfree_.emplace(id, std::make_unique<Stack>());
  }

  void send(net::SessionId id, net::Bytes frames) override {
    if (auto it = lockfree_.find(id); it != lockfree_.end()) {
      auto* node = new Node{std::move(frames), it->second->head.load(std::memory_order_relaxed)};
      while (!it->second->head.compare_exchange_weak(node->next, node, std::memory_order_relaxed)) {
      }
      return;
    }
    std::lock_guard g(lock_);
    if (!split_into(frames_[id], *frames)) malformed_ = true;
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

  // Waits until something is posted (an answer from the store, say) without running it.
  bool wait_posted(std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
    std::unique_lock g(lock_);
    return wake_.wait_for(g, limit, [&] { return !queue_.empty(); });
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
        if (wake_.wait_until(g, deadline, [&] { return !queue_.empty(); })) {
          fn = std::move(queue_.front());
          queue_.pop_front();
        }
      }
      if (!fn) return pred();  // timed out; pred() may take lock_ itself
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

  // Lock-free recorded frames are read only after the sending threads were joined.
  std::vector<std::vector<uint8_t>> frames(net::SessionId id) {
    std::lock_guard g(lock_);
    auto list = frames_[id];
    if (auto it = lockfree_.find(id); it != lockfree_.end()) {
      std::vector<const Node*> nodes;
      for (const Node* n = it->second->head.load(std::memory_order_relaxed); n; n = n->next) nodes.push_back(n);
      for (auto n = nodes.rbegin(); n != nodes.rend(); ++n) split_into(list, *(*n)->frames);
    }
    return list;
  }
  size_t frame_count(net::SessionId id) { return frames(id).size(); }
  // Safe while other threads send: reads no frame contents.
  bool has_frames(net::SessionId id) {
    if (auto it = lockfree_.find(id); it != lockfree_.end())
      return it->second->head.load(std::memory_order_relaxed) != nullptr;
    std::lock_guard g(lock_);
    return !frames_[id].empty();
  }
  void clear_frames() {  // not while lock-free recording is in use
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
  struct Node {
    net::Bytes frames;
    Node* next;
  };
  struct Stack {
    std::atomic<Node*> head{nullptr};
    ~Stack() {
      for (Node* n = head.load(); n;) delete std::exchange(n, n->next);
    }
  };
  // Appends each whole frame of bytes to list; false if bytes is not whole frames.
  static bool split_into(std::vector<std::vector<uint8_t>>& list, const std::vector<uint8_t>& bytes) {
    size_t at = 0;
    while (at + 3 <= bytes.size()) {
      const size_t size = proto::frame_size(std::span(bytes).subspan(at));
      if (size < 3 || at + size > bytes.size()) break;
      list.emplace_back(bytes.begin() + long(at), bytes.begin() + long(at + size));
      at += size;
    }
    return at == bytes.size();
  }

  std::unordered_map<net::SessionId, std::unique_ptr<Stack>> lockfree_;  // fixed once sends run
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
