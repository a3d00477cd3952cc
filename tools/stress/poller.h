// poller.h — the bots' readiness loop: which sockets can be read or written now.
// epoll on Linux (poller_epoll.cpp); WSAPoll on Windows (poller_wsapoll.cpp), which scans
// every socket of the loop per wait, so a Windows loop scales to thousands of bots rather
// than tens of thousands. Each socket is registered under its bot's slot number.
#pragma once

#include <cstdint>
#include <vector>

#include "bot_socket.h"

namespace iocplab::stress {

struct PollEvent {
  uint32_t slot = 0;
  bool readable = false;
  bool writable = false;
  bool failed = false;  // error or hang-up (read to find out which)
};

class Poller {
 public:
  Poller();
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  bool ok() const;
  // Watch s for reading, and for writing when want_write. False (with last_error()) on failure.
  bool add(BotSocket s, uint32_t slot, bool want_write);
  void modify(BotSocket s, uint32_t slot, bool want_write);
  // Call before closing s (epoll forgets a closed socket by itself; WSAPoll does not).
  void remove(BotSocket s, uint32_t slot);
  // Up to out.size() ready sockets, waiting at most timeout_ms; -1 on a real error,
  // 0 when interrupted.
  int wait(std::vector<PollEvent>& out, int timeout_ms);

 private:
#if defined(_WIN32)
  std::vector<WSAPOLLFD> fds_;       // dense: one per watched socket
  std::vector<uint32_t> slot_of_;    // fds_[i] belongs to slot_of_[i]
  std::vector<uint32_t> index_of_;   // slot -> index into fds_ (+1; 0 = not watched)
#else
  int epfd_ = -1;
#endif
};

}  // namespace iocplab::stress
