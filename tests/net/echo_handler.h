// echo_handler.h — a SessionHandler for framework tests: echoes every frame back and
// records opens, frames and closes so tests can await them (bounded).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <vector>

#include "buffer_pool.h"
#include "session_sink.h"

namespace iocplab::testing {

class EchoHandler : public net::SessionHandler {
 public:
  explicit EchoHandler(net::SessionOutbox* out = nullptr) : out_(out) {}
  void set_outbox(net::SessionOutbox* out) { out_ = out; }
  using FrameHook = std::function<void(net::SessionId, std::span<const uint8_t>)>;
  // Replaces the echo: called for each frame instead (on the worker thread). Set under the
  // lock: the frame that triggers it may reach the worker through the kernel alone (io_uring),
  // which gives no ordering a race detector can see.
  void set_frame_hook(FrameHook hook) {
    std::lock_guard<std::recursive_mutex> lock(mu_);
    frame_hook_ = std::move(hook);
  }

  void on_open(net::SessionId id) override {
    std::lock_guard<std::recursive_mutex> lock(mu_);
    opened_.push_back(id);
    cv_.notify_all();
  }
  void on_frame(net::SessionId id, std::span<const uint8_t> frame) override {
    FrameHook hook;
    {
      std::lock_guard<std::recursive_mutex> lock(mu_);
      frames_[id] += 1;
      ++total_frames_;
      if (closes_.count(id)) ++after_close_;
      hook = frame_hook_;
    }
    if (hook)
      hook(id, frame);
    else if (out_)
      out_->send(id, pool_.make(frame));  // recycled buffers
    cv_.notify_all();
  }
  void on_close(net::SessionId id, net::CloseReason why) override {
    std::lock_guard<std::recursive_mutex> lock(mu_);
    closes_[id].push_back(why);
    cv_.notify_all();
  }

  // Waits until pred() (called under the lock) holds; false on timeout.
  template <class Pred>
  bool wait(Pred pred, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::unique_lock<std::recursive_mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, pred);
  }
  bool wait_opened(size_t n) { return wait([&] { return opened_.size() >= n; }); }
  bool wait_closed(net::SessionId id) { return wait([&] { return closes_.count(id) > 0; }); }

  std::vector<net::SessionId> opened() { std::lock_guard<std::recursive_mutex> l(mu_); return opened_; }
  std::vector<net::CloseReason> closes(net::SessionId id) {
    std::lock_guard<std::recursive_mutex> l(mu_);
    auto it = closes_.find(id);
    return it == closes_.end() ? std::vector<net::CloseReason>{} : it->second;
  }
  size_t close_count() { std::lock_guard<std::recursive_mutex> l(mu_); return closes_.size(); }
  uint64_t frames(net::SessionId id) { std::lock_guard<std::recursive_mutex> l(mu_); return frames_[id]; }
  uint64_t total_frames() { std::lock_guard<std::recursive_mutex> l(mu_); return total_frames_; }
  uint64_t frames_after_close() { std::lock_guard<std::recursive_mutex> l(mu_); return after_close_; }

 private:
  net::SessionOutbox* out_;
  FrameHook frame_hook_;
  net::BufferPool pool_;
  // Recursive: wait() predicates may call the accessors below.
  std::recursive_mutex mu_;
  std::condition_variable_any cv_;
  std::vector<net::SessionId> opened_;
  std::map<net::SessionId, uint64_t> frames_;
  std::map<net::SessionId, std::vector<net::CloseReason>> closes_;
  uint64_t total_frames_ = 0, after_close_ = 0;
};

}  // namespace iocplab::testing
