// stalled_stderr.h — points stderr (fd 2) at a pipe that is already full and that nobody
// reads, as when a server's stderr goes to a stalled pipe. release() reads the pipe dry
// (so a writer blocked in it goes on), puts stderr back and returns what was written;
// unstall() only starts reading, stderr still going to the pipe.
// POSIX only.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <thread>

namespace iocplab::testing {

class StalledStderr {
 public:
  StalledStderr() {
    if (::pipe(fds_) != 0) return;
    ::fcntl(fds_[1], F_SETFL, O_NONBLOCK);
    static const char filler[4096] = {};
    for (int i = 0; i < 1 << 12 && ::write(fds_[1], filler, sizeof filler) > 0; ++i) {
    }
    ::fcntl(fds_[1], F_SETFL, 0);  // writes block again, and the pipe is full
    saved_ = ::dup(2);
    ok_ = saved_ >= 0 && ::dup2(fds_[1], 2) == 2;
  }
  ~StalledStderr() { release(); }
  bool ok() const { return ok_; }

  void unstall() {
    if (fds_[0] < 0 || reader_.joinable()) return;
    reader_ = std::thread([this] {
      char buf[8192];
      for (;;) {
        ssize_t n = ::read(fds_[0], buf, sizeof buf);
        if (n <= 0) break;
        for (ssize_t i = 0; i < n; ++i)
          if (buf[i] != '\0') text_.push_back(buf[i]);  // the filler is zeros
      }
    });
  }

  std::string release() {
    if (fds_[0] < 0) return text_;
    unstall();
    if (saved_ >= 0) {
      ::dup2(saved_, 2);  // the last write end is then fds_[1] (and a write in progress)
      ::close(saved_);
    }
    ::close(fds_[1]);
    reader_.join();  // end of file once no write end is left
    ::close(fds_[0]);
    fds_[0] = fds_[1] = saved_ = -1;
    return text_;
  }

 private:
  int fds_[2] = {-1, -1};
  int saved_ = -1;
  bool ok_ = false;
  std::string text_;  // written by reader_ only until it is joined
  std::thread reader_;
};

}  // namespace iocplab::testing
