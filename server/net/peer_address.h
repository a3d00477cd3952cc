// peer_address.h — a connection's peer IP as a key for the per-address session cap
// (--max-per-address). IPv4 and IPv4-mapped IPv6 (::ffff:a.b.c.d) give the same key.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "iocp.h"

namespace iocplab::net {

// 16 bytes: an IPv6 address, an IPv4 one in its mapped form. Empty when sa is neither.
std::string peer_address_key(const sockaddr* sa, int len);
// The peer of a connected socket (getpeername), as above.
std::string peer_address_key(SOCKET s);
// Printable form of a key ("127.0.0.2", "::1").
std::string peer_address_text(const std::string& key);

// Sessions at once per peer address, bounded by a cap (0: none). Entries leave at 0, so
// nothing grows with the connections ever made. Thread-safe.
class AddressCounter {
 public:
  explicit AddressCounter(uint32_t cap) : cap_(cap) {}
  // Counts one more session for key; false (nothing counted) when that would pass the cap.
  bool try_add(const std::string& key);
  void remove(const std::string& key);
  uint32_t count(const std::string& key) const;
  size_t addresses() const;

 private:
  const uint32_t cap_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, uint32_t> counts_;
};

}  // namespace iocplab::net
