// fd_limit.h — 1,000 connections need more descriptors than the usual soft limit of 1024.
#pragma once

#include <sys/resource.h>

namespace iocplab::bench {

inline void raise_fd_limit() {
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    setrlimit(RLIMIT_NOFILE, &r);
  }
}

}  // namespace iocplab::bench
