// password_hash.h — libsodium Argon2id password hashes (crypto_pwhash_str). Only the hash
// string (algorithm, parameters, salt, digest) is ever stored; passwords never are.
//
// Parameters: opslimit 2 passes, memlimit 64 KiB (libsodium's minimums are 1 and 8 KiB).
// One hash or verify costs well under a millisecond, so thousands of bot logins stay
// cheap on one database thread while each password still gets its own random salt.
// Verification reads the parameters from the stored string, so they can be raised later.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace iocplab::game {

constexpr unsigned long long kPwhashOpsLimit = 2;
constexpr size_t kPwhashMemLimit = 64 * 1024;

bool password_hash_init();  // sodium_init; false if libsodium cannot start
std::optional<std::string> hash_password(std::string_view password);
bool verify_password(const std::string& stored_hash, std::string_view password);

}  // namespace iocplab::game
