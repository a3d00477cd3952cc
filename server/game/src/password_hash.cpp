#include "password_hash.h"

#include <sodium.h>

namespace iocplab::game {

static_assert(kPwhashOpsLimit >= crypto_pwhash_OPSLIMIT_MIN);
static_assert(kPwhashMemLimit >= crypto_pwhash_MEMLIMIT_MIN);

bool password_hash_init() { return sodium_init() >= 0; }

std::optional<std::string> hash_password(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), kPwhashOpsLimit, kPwhashMemLimit) != 0)
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
