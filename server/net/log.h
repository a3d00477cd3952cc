// log.h — one line on stderr per call, whole lines never interleaved between threads.
// log_line never blocks on stderr: lines go into a bounded queue that a thread of their
// own writes out. A full queue drops the line and counts it; the writer says how many it
// dropped in a line of its own once it can. So a stalled stderr (a pipe nobody reads)
// never stalls a worker, even one holding a session or world lock.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace iocplab::net {

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void log_line(const char* fmt, ...);

// Waits (bounded) until every queued line was written; false on timeout.
bool log_flush(std::chrono::milliseconds limit);

struct LogStats {
  uint64_t written = 0;  // lines handed to stderr
  uint64_t dropped = 0;  // lines lost to a full queue
  size_t queued = 0;
};
LogStats log_stats();

constexpr size_t kLogQueueLines = 1024;

}  // namespace iocplab::net
