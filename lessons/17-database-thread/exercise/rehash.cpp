// rehash.cpp — your part: the cost an Argon2id hash was made with is written in the hash
// itself ("$argon2id$v=19$m=8,t=1,p=1$..."). libsodium has a call that compares it with a
// cost: look for "needs_rehash" in sodium's crypto_pwhash.h.
//ko: 여기가 여러분 몫: Argon2id 해시를 만든 비용은 해시 문자열 안에 적혀 있다
//ko: ("$argon2id$v=19$m=8,t=1,p=1$..."). libsodium에는 그것을 주어진 비용과 비교하는 함수가
//ko: 있다. sodium의 crypto_pwhash.h에서 "needs_rehash"를 찾아보자.
#include "rehash.h"

#include <sodium.h>

bool needs_rehash(const std::string& hash, unsigned memory_kib, unsigned passes) {
  (void)hash, (void)memory_kib, (void)passes;  // TODO
  return false;
}
