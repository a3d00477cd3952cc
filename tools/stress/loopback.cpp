#include "loopback.h"

#if !defined(_WIN32)
#include <arpa/inet.h>
#endif

#include <cstdio>
#include <cstring>

namespace iocplab::stress {

std::optional<Endpoint> loopback_endpoint(std::string_view host, uint16_t port, std::string* why) {
  std::string text(host == "localhost" ? std::string_view("127.0.0.1") : host);
  Endpoint ep;
  in_addr a4{};
  in6_addr a6{};
  if (inet_pton(AF_INET, text.c_str(), &a4) == 1) {
    if ((ntohl(a4.s_addr) >> 24) != 127) {
      if (why) *why = "not a loopback address (only 127.0.0.0/8 or ::1 may be loaded)";
      return std::nullopt;
    }
    auto* sin = reinterpret_cast<sockaddr_in*>(&ep.addr);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(port);
    sin->sin_addr = a4;
    ep.len = sizeof(sockaddr_in);
    return ep;
  }
  if (inet_pton(AF_INET6, text.c_str(), &a6) == 1) {
    if (!IN6_IS_ADDR_LOOPBACK(&a6)) {
      if (why) *why = "not a loopback address (only 127.0.0.0/8 or ::1 may be loaded)";
      return std::nullopt;
    }
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ep.addr);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(port);
    sin6->sin6_addr = a6;
    ep.len = sizeof(sockaddr_in6);
    ep.v6 = true;
    return ep;
  }
  if (why) *why = "not an IP address (give 127.0.0.1, another 127.x.y.z, ::1 or localhost)";
  return std::nullopt;
}

uint32_t ports_per_source_address() {
#if defined(_WIN32)
  unsigned lo = 49152, hi = 65535;  // netsh int ipv4 show dynamicport tcp
#else
  unsigned lo = 32768, hi = 60999;
  if (FILE* f = std::fopen("/proc/sys/net/ipv4/ip_local_port_range", "r")) {
    if (std::fscanf(f, "%u %u", &lo, &hi) != 2 || hi < lo) lo = 32768, hi = 60999;
    std::fclose(f);
  }
#endif
  uint32_t range = hi - lo + 1;
  uint32_t margin = range / 16;  // leave some for the rest of the machine
  return range > margin + 1 ? range - margin : 1;
}

std::optional<in_addr> source_address_for(uint32_t index, uint32_t per_address, bool target_v6) {
  if (target_v6 || per_address == 0) return std::nullopt;
  uint32_t block = index / per_address;
  if (block == 0) return std::nullopt;
  // 127.0.0.2 onward, then 127.0.1.0 ... (never .0.0 or .255.255); stays inside 127/8.
  uint32_t host = 1 + block;
  in_addr a{};
  a.s_addr = htonl((127u << 24) | (host & 0x00FFFFFF));
  return a;
}

}  // namespace iocplab::stress
