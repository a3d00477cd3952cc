// cpu_meter_linux.cpp — the CPU figures from /proc, getrusage and sysconf.
#include "cpu_meter.h"

#include <dirent.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace iocplab::stress {
namespace {

// Inodes of sockets listening on `port` in one /proc/net/tcp-style table.
void listening_inodes(const char* table, uint16_t port, unsigned long* found, int max, int* n) {
  FILE* f = std::fopen(table, "r");
  if (!f) return;
  char line[512];
  if (!std::fgets(line, sizeof line, f)) {  // header
    std::fclose(f);
    return;
  }
  while (*n < max && std::fgets(line, sizeof line, f)) {
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
    char local[64], remote[64];
    unsigned state = 0;
    unsigned long inode = 0;
    if (std::sscanf(line, "%*s %63s %63s %x %*s %*s %*s %*s %*s %lu", local, remote, &state, &inode) != 4)
      continue;
    const char* colon = std::strrchr(local, ':');
    if (!colon || state != 0x0A) continue;  // 0A = LISTEN
    if (std::strtoul(colon + 1, nullptr, 16) == port) found[(*n)++] = inode;
  }
  std::fclose(f);
}

}  // namespace

uint64_t self_cpu_us() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto us = [](const timeval& t) { return uint64_t(t.tv_sec) * 1'000'000 + uint64_t(t.tv_usec); };
  return us(ru.ru_utime) + us(ru.ru_stime);
}

double cpu_tick_us() { return 1e6 / double(sysconf(_SC_CLK_TCK)); }

int online_cpus() {
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  return cpus > 0 ? int(cpus) : 1;
}

bool machine_cpu_jiffies(uint64_t* busy, uint64_t* total) {
  FILE* f = std::fopen("/proc/stat", "r");
  if (!f) return false;
  unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  int n = std::fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &system, &idle, &iowait,
                      &irq, &softirq, &steal);
  std::fclose(f);
  if (n < 4) return false;
  *busy = user + nice + system + irq + softirq + steal;
  *total = *busy + idle + iowait;
  return true;
}

std::optional<uint64_t> process_cpu_ticks(int pid, int* threads) {
  std::string path = "/proc/" + std::to_string(pid) + "/stat";
  FILE* f = std::fopen(path.c_str(), "r");
  if (!f) return std::nullopt;
  char buf[1024];
  size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  buf[n] = '\0';
  // The command name (field 2) may hold spaces and parentheses: parse after the last ')'.
  const char* p = std::strrchr(buf, ')');
  if (!p) return std::nullopt;
  unsigned long long utime = 0, stime = 0;
  long nthreads = 0;
  // Fields from 3 (state) on: state ppid pgrp session tty tpgid flags minflt cminflt majflt
  // cmajflt utime(14) stime(15) cutime cstime priority nice num_threads(20)
  if (std::sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %*d %*d %*d %*d %ld",
                  &utime, &stime, &nthreads) != 3)
    return std::nullopt;
  if (threads) *threads = int(nthreads);
  return utime + stime;
}

int find_listening_pid(uint16_t port) {
  unsigned long inodes[16];
  int n = 0;
  listening_inodes("/proc/net/tcp", port, inodes, 16, &n);
  listening_inodes("/proc/net/tcp6", port, inodes, 16, &n);
  if (n == 0) return 0;
  DIR* proc = opendir("/proc");
  if (!proc) return 0;
  int found = 0;
  while (!found) {
    dirent* e = readdir(proc);
    if (!e) break;
    char* end = nullptr;
    long pid = std::strtol(e->d_name, &end, 10);
    if (*end != '\0' || pid <= 0) continue;
    std::string fd_dir = "/proc/" + std::string(e->d_name) + "/fd";
    DIR* fds = opendir(fd_dir.c_str());
    if (!fds) continue;  // not ours to read
    while (dirent* fe = readdir(fds)) {
      char target[64];
      std::string link = fd_dir + "/" + fe->d_name;
      ssize_t len = readlink(link.c_str(), target, sizeof target - 1);
      if (len <= 0) continue;
      target[len] = '\0';
      unsigned long inode = 0;
      if (std::sscanf(target, "socket:[%lu]", &inode) != 1) continue;
      for (int i = 0; i < n; ++i)
        if (inodes[i] == inode) found = int(pid);
      if (found) break;
    }
    closedir(fds);
  }
  closedir(proc);
  return found;
}

int available_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? int(n) : 1;
}

}  // namespace iocplab::stress
