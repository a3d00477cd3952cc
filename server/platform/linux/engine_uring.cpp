// engine_uring.cpp — placeholder until the io_uring engine lands.
#include "internal.h"
namespace iocplab::platform {
Engine* make_uring_engine(const char** why_not) {
  *why_not = "not built yet";
  return nullptr;
}
}  // namespace iocplab::platform
