// lesson_probe.h — drives a running lesson program the way its lesson asks:
// echo text (07), frames cut into small pieces (08), a broadcast with one client that
// never reads (09: the server holds its queue; 10: it is cut off), a slot reused with a
// new ID (11). Each probe runs on its own thread with bounded waits; the UI reads the log
// it writes. Stages 12-14 are driven by the Grid itself (log in to their port).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace iocplab::client {

class LessonProbe {
 public:
  LessonProbe() = default;
  ~LessonProbe() { join(); }
  LessonProbe(const LessonProbe&) = delete;
  LessonProbe& operator=(const LessonProbe&) = delete;

  void echo(uint16_t port, std::string text);
  void fragmented(uint16_t port);
  void broadcast(uint16_t port);
  void stale_id(uint16_t port);

  bool busy() const { return busy_; }
  void wait() { join(); }  // until the running probe is done (each has bounded waits)
  std::string log() const;

 private:
  template <class F>
  void launch(F&& body);
  void say(const std::string& line);
  void join();

  std::thread thread_;
  std::atomic<bool> busy_{false};
  mutable std::mutex mutex_;
  std::string log_;
};

}  // namespace iocplab::client
