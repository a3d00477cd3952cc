// Stage 17 exercise check (exercise/rehash.cpp; solved in solution/): a hash made at one
// cost needs no rehash at that cost, needs one at any other, and so does a non-hash.
#include <gtest/gtest.h>
#include <sodium.h>

#include <cstring>

#include "rehash.h"

namespace {

std::string hash_of(const char* password, unsigned memory_kib, unsigned passes) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password, std::strlen(password), passes, size_t(memory_kib) * 1024,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return {};
  return out;
}

TEST(Exercise17, TheSameCostKeepsTheHash) {
  ASSERT_GE(sodium_init(), 0);
  std::string hash = hash_of("pw", 8, 1);
  ASSERT_FALSE(hash.empty());
  EXPECT_FALSE(needs_rehash(hash, 8, 1));
}

TEST(Exercise17, AnotherCostNeedsARehash) {
  ASSERT_GE(sodium_init(), 0);
  std::string hash = hash_of("pw", 8, 1);
  ASSERT_FALSE(hash.empty());
  EXPECT_TRUE(needs_rehash(hash, 16, 1)) << "more memory";
  EXPECT_TRUE(needs_rehash(hash, 8, 2)) << "more passes";
}

TEST(Exercise17, WhatIsNoHashNeedsOne) {
  ASSERT_GE(sodium_init(), 0);
  EXPECT_TRUE(needs_rehash("pw", 8, 1)) << "a password kept in the clear, as stage 15 did";
  EXPECT_TRUE(needs_rehash("", 8, 1));
}

}  // namespace
