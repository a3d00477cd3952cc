#include "log.h"

#include <cstdarg>
#include <cstdio>

namespace iocplab::net {

void log_line(const char* fmt, ...) {
  char line[512];
  va_list args;
  va_start(args, fmt);
  int n = std::vsnprintf(line, sizeof line - 1, fmt, args);
  va_end(args);
  if (n < 0) return;
  size_t len = static_cast<size_t>(n) < sizeof line - 1 ? static_cast<size_t>(n) : sizeof line - 2;
  line[len] = '\n';
  std::fwrite(line, 1, len + 1, stderr);  // one write: stdio locks the stream per call
}

}  // namespace iocplab::net
