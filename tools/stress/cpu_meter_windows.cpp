// cpu_meter_windows.cpp — the CPU figures from GetProcessTimes, GetSystemTimes, the
// process snapshot (thread counts) and the TCP listener table (the server's pid).
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <iphlpapi.h>
#include <tlhelp32.h>

#include <thread>
#include <vector>

#include "cpu_meter.h"

namespace iocplab::stress {
namespace {

uint64_t ticks(const FILETIME& t) { return (uint64_t(t.dwHighDateTime) << 32) | t.dwLowDateTime; }  // 100 ns

int thread_count(DWORD pid) {
  HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
  if (snap == INVALID_HANDLE_VALUE) return 0;
  PROCESSENTRY32 e{};
  e.dwSize = sizeof e;
  int threads = 0;
  for (BOOL more = Process32First(snap, &e); more; more = Process32Next(snap, &e)) {
    if (e.th32ProcessID == pid) {
      threads = int(e.cntThreads);
      break;
    }
  }
  CloseHandle(snap);
  return threads;
}

}  // namespace

uint64_t self_cpu_us() {
  FILETIME created, exited, kernel, user;
  if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user)) return 0;
  return (ticks(kernel) + ticks(user)) / 10;
}

double cpu_tick_us() { return 0.1; }

int online_cpus() {
  DWORD n = GetActiveProcessorCount(ALL_PROCESSOR_GROUPS);
  return n > 0 ? int(n) : 1;
}

bool machine_cpu_jiffies(uint64_t* busy, uint64_t* total) {
  FILETIME idle, kernel, user;  // kernel time includes the idle time
  if (!GetSystemTimes(&idle, &kernel, &user)) return false;
  *total = ticks(kernel) + ticks(user);
  *busy = *total - ticks(idle);
  return true;
}

std::optional<uint64_t> process_cpu_ticks(int pid, int* threads) {
  HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, DWORD(pid));
  if (!h) return std::nullopt;
  FILETIME created, exited, kernel, user;
  BOOL ok = GetProcessTimes(h, &created, &exited, &kernel, &user);
  CloseHandle(h);
  if (!ok) return std::nullopt;
  if (threads) *threads = thread_count(DWORD(pid));
  return ticks(kernel) + ticks(user);
}

int find_listening_pid(uint16_t port) {
  for (ULONG family : {ULONG(AF_INET), ULONG(AF_INET6)}) {
    ULONG size = 0;
    GetExtendedTcpTable(nullptr, &size, FALSE, family, TCP_TABLE_OWNER_PID_LISTENER, 0);
    std::vector<unsigned char> buf(size);
    if (size == 0 || GetExtendedTcpTable(buf.data(), &size, FALSE, family, TCP_TABLE_OWNER_PID_LISTENER, 0) != NO_ERROR)
      continue;
    if (family == AF_INET) {
      auto* t = reinterpret_cast<const MIB_TCPTABLE_OWNER_PID*>(buf.data());
      for (DWORD i = 0; i < t->dwNumEntries; ++i)
        if (ntohs(u_short(t->table[i].dwLocalPort)) == port) return int(t->table[i].dwOwningPid);
    } else {
      auto* t = reinterpret_cast<const MIB_TCP6TABLE_OWNER_PID*>(buf.data());
      for (DWORD i = 0; i < t->dwNumEntries; ++i)
        if (ntohs(u_short(t->table[i].dwLocalPort)) == port) return int(t->table[i].dwOwningPid);
    }
  }
  return 0;
}

int available_cores() {
  DWORD_PTR process = 0, system = 0;
  if (GetProcessAffinityMask(GetCurrentProcess(), &process, &system) && process != 0) {
    int n = 0;
    for (DWORD_PTR m = process; m; m &= m - 1) ++n;
    return n;
  }
  unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? int(n) : 1;
}

}  // namespace iocplab::stress
