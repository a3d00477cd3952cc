// fake_telemetry.h — a TelemetrySource with fixed numbers, recording what the game asks.
#pragma once

#include <map>
#include <mutex>

#include "net/telemetry_source.h"

namespace iocplab::game::test {

class FakeTelemetry : public net::TelemetrySource {
 public:
  net::TotalsStats totals_value;
  std::vector<net::ThreadStats> threads_value;
  std::vector<net::RecvChunk> chunks_value;  // handed out (once each call) to recording sessions
  uint32_t dropped_value = 0;

  net::TotalsStats totals() const override { return totals_value; }
  std::vector<net::ThreadStats> threads() const override { return threads_value; }
  void set_recv_recording(net::SessionId id, bool on) override {
    std::lock_guard g(lock_);
    recording_[id] = on;
  }
  std::vector<net::RecvChunk> take_recv_chunks(net::SessionId id, uint32_t* dropped) override {
    std::lock_guard g(lock_);
    ++takes_[id];
    *dropped = dropped_value;
    return recording_[id] ? chunks_value : std::vector<net::RecvChunk>{};
  }
  bool recording(net::SessionId id) {
    std::lock_guard g(lock_);
    return recording_[id];
  }

 private:
  std::mutex lock_;
  std::map<net::SessionId, bool> recording_;
  std::map<net::SessionId, int> takes_;
};

}  // namespace iocplab::game::test
