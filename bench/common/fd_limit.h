// fd_limit.h — 1,000 connections need more descriptors than the usual soft limit of 1024.
// Windows has no per-process descriptor limit to raise.
#pragma once

#if !defined(_WIN32)
#include <sys/resource.h>
#endif

namespace iocplab::bench {

inline void raise_fd_limit() {
#if !defined(_WIN32)
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    setrlimit(RLIMIT_NOFILE, &r);
  }
#endif
}

}  // namespace iocplab::bench
