// log.h — one line on stderr per call, whole lines never interleaved between threads.
#pragma once

namespace iocplab::net {

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void log_line(const char* fmt, ...);

}  // namespace iocplab::net
