// highest_seq.cpp — your part: keep the largest seq offered, from any number of workers.
// "load, compare, store" is not enough: another worker can store between your load and
// your store. Look at compare_exchange_weak.
//ko: 여기가 여러분 몫: 워커가 몇이든 내놓은 seq 중 가장 큰 값을 남긴다.
//ko: "읽고, 비교하고, 쓰기"로는 모자라다. 읽기와 쓰기 사이에 다른 워커가 쓸 수 있다.
//ko: compare_exchange_weak를 찾아보자.
#include "highest_seq.h"

void HighestSeq::offer(uint32_t seq) {
  (void)seq;  // TODO
}
