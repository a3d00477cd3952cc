// password_hash.h — libsodium Argon2id password hashes (crypto_pwhash_str). Only the hash
// string (algorithm, parameters, salt, digest) is ever stored; passwords never are.
//
// The cost is the server's --hash-memory (KiB) and --hash-passes (PROTOCOL.md v1.1; default
// 19456 KiB, 2 passes: OWASP's minimum for Argon2id, about 10 ms a hash). Verification reads
// the cost from the stored string, so a hash is checked with the cost it was made with and
// the flags can be raised later without re-hashing anything. These calls are slow on
// purpose: only the hash pool's threads make them (hash_pool.h), never a worker.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace iocplab::game {

struct HashCost {
  uint32_t memory_kib = 19456;  // libsodium's minimum is 8 KiB
  uint32_t passes = 2;          // libsodium's minimum is 1
};

bool password_hash_init();  // sodium_init; false if libsodium cannot start
// nullopt if the cost is out of libsodium's range or the memory cannot be had.
std::optional<std::string> hash_password(std::string_view password, HashCost cost);
bool verify_password(const std::string& stored_hash, std::string_view password);

}  // namespace iocplab::game
