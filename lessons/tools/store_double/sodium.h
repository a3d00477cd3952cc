// sodium.h — the store double's libsodium: the password-hash calls the stages with accounts make.
//
// MinGW cross build only (see sqlite3.h beside it). The strings it makes have Argon2id's
// layout, $argon2id$v=19$m=KiB,t=passes,p=1$salt$digest, so a cost can be read back out of
// them, but the digest is a 64-bit FNV-1a of salt and password: NOT a password hash. Nothing
// real is ever kept with it; it lets the stages' tests run under Wine.
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define crypto_pwhash_STRBYTES 128U
#define crypto_pwhash_ALG_ARGON2ID13 2

int sodium_init(void);
int crypto_pwhash_str_alg(char out[crypto_pwhash_STRBYTES], const char* passwd, unsigned long long passwdlen,
                          unsigned long long opslimit, size_t memlimit, int alg);
int crypto_pwhash_str_verify(const char* str, const char* passwd, unsigned long long passwdlen);
int crypto_pwhash_str_needs_rehash(const char* str, unsigned long long opslimit, size_t memlimit);

#ifdef __cplusplus
}
#endif
