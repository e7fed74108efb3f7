// A lock-free single-producer single-consumer ring buffer: the stdin reader writes PCM,
// the network side reads it, and neither ever waits for the other.
//
// One writer thread and one reader thread; each index is written by one side only and
// published with release/acquire ordering, so the samples a reader sees are complete. A
// write that finds the buffer full keeps what fits and counts the rest as overflow; a
// read that finds too little counts an underflow: neither is ever silent.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

namespace ambient {

template <typename T>
class RingBuffer {
  public:
    // Room for at least `capacity` items (rounded up to a power of two).
    explicit RingBuffer(std::size_t capacity) {
        std::size_t size = 2;
        while (size < capacity) size <<= 1;
        items_.resize(size);
        mask_ = size - 1;
    }
    RingBuffer(const RingBuffer&) = delete;
    RingBuffer& operator=(const RingBuffer&) = delete;

    std::size_t capacity() const { return items_.size(); }

    // Producer: copies up to `n` items in; returns how many fit (the rest count as overflow).
    std::size_t write(const T* data, std::size_t n) {
        std::size_t head = head_.load(std::memory_order_relaxed);
        std::size_t tail = tail_.load(std::memory_order_acquire);
        std::size_t space = items_.size() - (head - tail);
        std::size_t count = n < space ? n : space;
        for (std::size_t i = 0; i < count; ++i) items_[(head + i) & mask_] = data[i];
        head_.store(head + count, std::memory_order_release);
        if (count < n) overflowed_.fetch_add(n - count, std::memory_order_relaxed);
        return count;
    }

    // Consumer: copies up to `n` items out; returns how many there were (short: an underflow).
    std::size_t read(T* out, std::size_t n) {
        std::size_t tail = tail_.load(std::memory_order_relaxed);
        std::size_t head = head_.load(std::memory_order_acquire);
        std::size_t available = head - tail;
        std::size_t count = n < available ? n : available;
        for (std::size_t i = 0; i < count; ++i) out[i] = items_[(tail + i) & mask_];
        tail_.store(tail + count, std::memory_order_release);
        if (count < n) underflows_.fetch_add(1, std::memory_order_relaxed);
        return count;
    }

    // Items waiting (exact for the consumer, a lower bound for the producer).
    std::size_t size() const {
        return head_.load(std::memory_order_acquire) - tail_.load(std::memory_order_acquire);
    }
    std::uint64_t overflowed_items() const { return overflowed_.load(std::memory_order_relaxed); }
    std::uint64_t underflows() const { return underflows_.load(std::memory_order_relaxed); }

  private:
    static constexpr std::size_t line = 64;  // keep the two indices on separate cache lines
    std::vector<T> items_;
    std::size_t mask_ = 0;
    alignas(line) std::atomic<std::size_t> head_{0};  // written by the producer only
    alignas(line) std::atomic<std::size_t> tail_{0};  // written by the consumer only
    alignas(line) std::atomic<std::uint64_t> overflowed_{0};
    std::atomic<std::uint64_t> underflows_{0};
};

}  // namespace ambient
