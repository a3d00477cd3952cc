// highest_seq.cpp — solved: a compare-exchange loop. If another worker stored meanwhile,
// `seen` is refreshed and we compare again; we stop once ours is not larger.
#include "highest_seq.h"

void HighestSeq::offer(uint32_t seq) {
  uint32_t seen = highest_.load();
  while (seq > seen && !highest_.compare_exchange_weak(seen, seq)) {
  }
}
