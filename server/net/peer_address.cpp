#include "peer_address.h"

#include <cstring>

namespace iocplab::net {

std::string peer_address_key(const sockaddr* sa, int len) {
  std::string key(16, '\0');
  if (sa && sa->sa_family == AF_INET && len >= static_cast<int>(sizeof(sockaddr_in))) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(sa);
    key[10] = key[11] = '\xff';
    std::memcpy(&key[12], &in->sin_addr, 4);
    return key;
  }
  if (sa && sa->sa_family == AF_INET6 && len >= static_cast<int>(sizeof(sockaddr_in6))) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
    std::memcpy(&key[0], &in6->sin6_addr, 16);  // a mapped IPv4 address is already that form
    return key;
  }
  return {};
}

std::string peer_address_key(SOCKET s) {
  sockaddr_storage ss{};
  int len = sizeof ss;
  if (getpeername(s, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return {};
  return peer_address_key(reinterpret_cast<const sockaddr*>(&ss), len);
}

std::string peer_address_text(const std::string& key) {
  if (key.size() != 16) return "?";
  static const char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '\xff', '\xff'};
  char text[64] = "?";
  if (std::memcmp(key.data(), kMapped, 12) == 0) {
    in_addr a;
    std::memcpy(&a, key.data() + 12, 4);
    inet_ntop(AF_INET, &a, text, sizeof text);
  } else {
    in6_addr a;
    std::memcpy(&a, key.data(), 16);
    inet_ntop(AF_INET6, &a, text, sizeof text);
  }
  return text;
}

bool AddressCounter::try_add(const std::string& key) {
  std::lock_guard lock(mu_);
  uint32_t& n = counts_[key];
  if (cap_ != 0 && n >= cap_) {
    if (n == 0) counts_.erase(key);
    return false;
  }
  ++n;
  return true;
}

void AddressCounter::remove(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = counts_.find(key);
  if (it == counts_.end()) return;
  if (--it->second == 0) counts_.erase(it);
}

uint32_t AddressCounter::count(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto it = counts_.find(key);
  return it == counts_.end() ? 0 : it->second;
}

size_t AddressCounter::addresses() const {
  std::lock_guard lock(mu_);
  return counts_.size();
}

}  // namespace iocplab::net
