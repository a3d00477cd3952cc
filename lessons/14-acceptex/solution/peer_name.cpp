// peer_name.cpp — solved: the bytes of sin_addr in order, the port through ntohs.
#include "peer_name.h"

std::string peer_name(const sockaddr* address, int length) {
  if (address == nullptr || length < (int)sizeof(sockaddr_in) || address->sa_family != AF_INET) return "?";
  auto* in = reinterpret_cast<const sockaddr_in*>(address);
  auto* b = reinterpret_cast<const unsigned char*>(&in->sin_addr);
  return std::to_string(b[0]) + "." + std::to_string(b[1]) + "." + std::to_string(b[2]) + "." +
         std::to_string(b[3]) + ":" + std::to_string(ntohs(in->sin_port));
}
