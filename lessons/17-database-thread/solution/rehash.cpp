// rehash.cpp — solved: crypto_pwhash_str_needs_rehash reads the cost out of the hash. It
// says 0 (same cost), 1 (another cost) or -1 (not an Argon2id hash): only 0 keeps it.
#include "rehash.h"

#include <sodium.h>

bool needs_rehash(const std::string& hash, unsigned memory_kib, unsigned passes) {
  return crypto_pwhash_str_needs_rehash(hash.c_str(), passes, size_t(memory_kib) * 1024) != 0;
}
