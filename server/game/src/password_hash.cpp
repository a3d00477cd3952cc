#include "password_hash.h"

#include <sodium.h>

namespace iocplab::game {

bool password_hash_init() { return sodium_init() >= 0; }

std::optional<std::string> hash_password(std::string_view password, HashCost cost) {
  const size_t memlimit = size_t(cost.memory_kib) * 1024;
  if (memlimit < crypto_pwhash_MEMLIMIT_MIN || cost.passes < crypto_pwhash_OPSLIMIT_MIN) return std::nullopt;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.passes, memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return std::nullopt;
  return std::string(out);
}

bool verify_password(const std::string& stored_hash, std::string_view password) {
  if (stored_hash.size() >= crypto_pwhash_STRBYTES) return false;
  char str[crypto_pwhash_STRBYTES] = {};
  stored_hash.copy(str, stored_hash.size());
  return crypto_pwhash_str_verify(str, password.data(), password.size()) == 0;
}

}  // namespace iocplab::game
