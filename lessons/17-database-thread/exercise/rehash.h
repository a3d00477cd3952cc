// rehash.h — the exercise of stage 17: does a stored hash need making again at today's cost?
#pragma once

#include <string>

// True when `hash` (crypto_pwhash_str's text) was not made with memory_kib KiB and `passes`
// passes, or is not such a hash at all: the store would then hash the password again after
// it verified, and save the new hash.
//ko: `hash`(crypto_pwhash_str의 문자열)가 memory_kib KiB와 `passes`번으로 만든 것이 아니거나
//ko: 아예 그런 해시가 아니면 true. 그러면 저장소는 비밀번호를 확인한 뒤 다시 해시해서 저장한다.
bool needs_rehash(const std::string& hash, unsigned memory_kib, unsigned passes);
