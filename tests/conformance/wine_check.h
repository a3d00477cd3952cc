// wine_check.h — where the suite is running: Linux emulation, real Windows, or Wine.
#pragma once

#include "iocp.h"

namespace conf {

// True for the Windows build when the program runs under Wine (ntdll exports
// wine_get_version), used to skip a test where Wine itself differs from Windows.
inline bool running_under_wine() {
#if defined(_WIN32)
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  return ntdll != nullptr && GetProcAddress(ntdll, "wine_get_version") != nullptr;
#else
  return false;
#endif
}

}  // namespace conf
