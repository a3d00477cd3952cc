// BufferPool: recycled send buffers.
#include <gtest/gtest.h>

#include <thread>

#include "buffer_pool.h"

using iocplab::net::Bytes;
using iocplab::net::BufferPool;

TEST(BufferPool, ReleasedBytesComeBackAndAreReused) {
  BufferPool pool(8, 4096);
  const uint8_t data[] = {5, 0, 3, 1, 2};
  Bytes a = pool.make(data);
  EXPECT_EQ(*a, std::vector<uint8_t>(std::begin(data), std::end(data)));
  const uint8_t* storage = a->data();
  EXPECT_EQ(pool.free_count(), 0u);
  Bytes copy = a;  // a broadcast: two owners of one buffer
  a.reset();
  EXPECT_EQ(pool.free_count(), 0u) << "still owned by the copy";
  copy.reset();
  EXPECT_EQ(pool.free_count(), 1u);
  std::vector<uint8_t> v = pool.take();
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.data(), storage) << "the same storage, capacity kept";
  EXPECT_EQ(pool.reused(), 1u);
}

TEST(BufferPool, KeepsAtMostMaxFreeAndNoOversizedBuffers) {
  BufferPool pool(2, 100);
  {
    std::vector<Bytes> many;
    for (int i = 0; i < 5; ++i) many.push_back(pool.make(std::vector<uint8_t>(10, 1)));
    many.push_back(pool.freeze(std::vector<uint8_t>(1000, 2)));
  }
  EXPECT_EQ(pool.free_count(), 2u);
  BufferPool big_only(4, 100);
  { Bytes b = big_only.freeze(std::vector<uint8_t>(1000, 2)); }
  EXPECT_EQ(big_only.free_count(), 0u);
}

TEST(BufferPool, BytesMayOutliveThePool) {
  Bytes survivor;
  {
    BufferPool pool;
    survivor = pool.make(std::vector<uint8_t>{1, 2, 3});
  }
  EXPECT_EQ(survivor->size(), 3u);
  survivor.reset();  // returns to the pool's shared free list, which dies now
  SUCCEED();
}

TEST(BufferPool, IsSafeFromManyThreads) {
  BufferPool pool(64, 4096);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        Bytes b = pool.make(std::vector<uint8_t>(16, static_cast<uint8_t>(i)));
        ASSERT_EQ((*b)[15], static_cast<uint8_t>(i));
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_GT(pool.reused(), 0u);
  EXPECT_LE(pool.free_count(), 64u);
}
