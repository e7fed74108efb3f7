// The SPSC ring buffer: edge cases, and two threads hammering it (also run under ThreadSanitizer).
#include "stream/ring_buffer.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <thread>

namespace ambient {
namespace {

TEST(RingBuffer, CapacityIsAPowerOfTwo) {
    EXPECT_EQ(RingBuffer<float>(1000).capacity(), 1024u);
    EXPECT_EQ(RingBuffer<float>(1024).capacity(), 1024u);
}

TEST(RingBuffer, EmptyReadsNothingAndCountsAnUnderflow) {
    RingBuffer<int> r(8);
    int out[4];
    EXPECT_EQ(r.read(out, 4), 0u);
    EXPECT_EQ(r.underflows(), 1u);
    EXPECT_EQ(r.size(), 0u);
}

TEST(RingBuffer, FullKeepsWhatFitsAndCountsTheRest) {
    RingBuffer<int> r(8);
    std::vector<int> in(12);
    std::iota(in.begin(), in.end(), 0);
    EXPECT_EQ(r.write(in.data(), 12), 8u);
    EXPECT_EQ(r.overflowed_items(), 4u);
    EXPECT_EQ(r.size(), 8u);
    std::vector<int> out(8);
    EXPECT_EQ(r.read(out.data(), 8), 8u);
    EXPECT_EQ(out, std::vector<int>(in.begin(), in.begin() + 8)) << "the oldest are kept, in order";
}

TEST(RingBuffer, WrapsAround) {
    RingBuffer<int> r(8);
    int next = 0, expect = 0;
    for (int round = 0; round < 100; ++round) {
        int in[5];
        for (int& x : in) x = next++;
        ASSERT_EQ(r.write(in, 5), 5u);
        int out[5];
        ASSERT_EQ(r.read(out, 5), 5u);
        for (int x : out) ASSERT_EQ(x, expect++);
    }
    EXPECT_EQ(r.overflowed_items(), 0u);
    EXPECT_EQ(r.underflows(), 0u);
}

TEST(RingBuffer, TwoThreadsSeeEveryItemOnceInOrder) {
    RingBuffer<std::uint32_t> r(1 << 12);
    constexpr std::uint32_t total = 2'000'000;
    std::thread producer([&] {
        std::uint32_t next = 0, chunk[97];
        while (next < total) {
            std::uint32_t n = std::min<std::uint32_t>(97, total - next);
            for (std::uint32_t i = 0; i < n; ++i) chunk[i] = next + i;
            std::size_t done = 0;
            while (done < n) {
                std::size_t room = r.capacity() - r.size();
                std::size_t step = std::min<std::size_t>(n - done, room);
                if (step == 0) {
                    std::this_thread::yield();
                    continue;
                }
                done += r.write(chunk + done, step);
            }
            next += n;
        }
    });
    std::uint32_t expect = 0, chunk[61];
    bool in_order = true;
    while (expect < total) {
        std::size_t got = r.read(chunk, std::min<std::size_t>(61, r.size()));
        for (std::size_t i = 0; i < got; ++i) in_order &= chunk[i] == expect++;
        if (got == 0) std::this_thread::yield();
    }
    producer.join();
    EXPECT_TRUE(in_order);
    EXPECT_EQ(r.overflowed_items(), 0u) << "the producer only wrote what had room";
}

}  // namespace
}  // namespace ambient
