// loopback.h — the house rule "load only loopback": parse --host and refuse anything that
// is not 127.0.0.0/8 or ::1. Also picks extra 127.0.0.x source addresses when one
// address has too few ephemeral ports for the bots wanted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bot_socket.h"  // sockaddr_storage, in_addr on both systems

namespace iocplab::stress {

struct Endpoint {
  sockaddr_storage addr{};
  SockLen len = 0;
  bool v6 = false;
};

// "localhost", an IPv4 literal in 127.0.0.0/8 or the IPv6 literal ::1 -> the endpoint.
// Anything else -> nullopt and *why filled ("not an IP address", "not a loopback address").
std::optional<Endpoint> loopback_endpoint(std::string_view host, uint16_t port, std::string* why);

// Ephemeral ports one source address can use toward one server port
// (/proc/sys/net/ipv4/ip_local_port_range; on Windows its default dynamic range
// 49152-65535), minus a margin for other programs.
uint32_t ports_per_source_address();

// Source address for bot number `index` (0-based) when each address serves `per_address`
// bots: nullopt for the first `per_address` (let the kernel choose, as usual), then
// 127.0.0.2, 127.0.0.3, ... IPv4 targets only; an IPv6 target always gets nullopt.
std::optional<in_addr> source_address_for(uint32_t index, uint32_t per_address, bool target_v6);

}  // namespace iocplab::stress
