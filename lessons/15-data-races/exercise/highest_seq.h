// highest_seq.h — the exercise of stage 15: the highest move seq any worker has seen.
#pragma once

#include <atomic>
#include <cstdint>

// Every worker offers the seq of a move it handled; highest() is the largest offered.
//ko: 워커마다 처리한 이동의 seq를 내놓는다. highest()는 내놓은 것 중 가장 큰 값이다.
class HighestSeq {
 public:
  void offer(uint32_t seq);
  uint32_t highest() const { return highest_.load(); }

 private:
  std::atomic<uint32_t> highest_{0};
};
