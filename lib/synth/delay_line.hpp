// A delay line of fixed capacity (a power of two, allocated once) with integer and
// linearly interpolated fractional reads.
#pragma once

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace ambient {

class DelayLine {
  public:
    // Holds at least `max_samples` of history.
    void init(std::size_t max_samples) {
        buffer_.assign(size_for(max_samples), 0.0f);
        mask_ = buffer_.size() - 1;
        write_ = 0;
    }
    // Holds at least `max_samples` and no more than it needs (a ring much longer than its
    // reads has each write land where the cache no longer holds it), keeping the newest
    // history: what it held beyond a smaller size is gone, and a larger one holds silence
    // beyond what it had.
    void fit(std::size_t max_samples) {
        const std::size_t size = size_for(max_samples);
        if (size == buffer_.size()) return;
        std::vector<float> resized(size, 0.0f);
        const std::size_t kept = std::min(size, buffer_.size());
        read_block(kept, resized.data() + (size - kept), kept);  // newest last
        buffer_ = std::move(resized);
        mask_ = size - 1;
        write_ = 0;
    }
    void write(float x) {
        buffer_[write_] = x;
        write_ = (write_ + 1) & mask_;
    }
    // The sample written `delay` writes ago (1 = the last one).
    float read(std::size_t delay) const { return buffer_[(write_ - delay) & mask_]; }
    float read_fractional(float delay) const {
        std::size_t whole = static_cast<std::size_t>(delay);
        float frac = delay - static_cast<float>(whole);
        float a = read(whole), b = read(whole + 1);
        return a + (b - a) * frac;
    }
    // Block forms: `n` samples from the one written `delay` writes ago on (oldest first),
    // and `n` writes: the ring is walked in at most two straight stretches, copied whole.
    void read_block(std::size_t delay, float* out, std::size_t n) const {
        const std::size_t at = (write_ - delay) & mask_, first = std::min(n, mask_ + 1 - at);
        std::copy(buffer_.data() + at, buffer_.data() + at + first, out);
        std::copy(buffer_.data(), buffer_.data() + (n - first), out + first);
    }
    // The `n` samples from the one written `delay` writes ago on, where they lie in the
    // ring when they lie in one stretch (no copy), else copied into `scratch`.
    const float* span(std::size_t delay, std::size_t n, float* scratch) const {
        const std::size_t at = (write_ - delay) & mask_;
        if (at + n <= mask_ + 1) return buffer_.data() + at;
        read_block(delay, scratch, n);
        return scratch;
    }
    // Writing in place: the next `n` slots when they lie in one stretch of the ring (else
    // nullptr), then advance(n) once they are written.
    float* write_span(std::size_t n) {
        return write_ + n <= mask_ + 1 ? buffer_.data() + write_ : nullptr;
    }
    void advance(std::size_t n) { write_ = (write_ + n) & mask_; }
    void write_block(const float* in, std::size_t n) {
        const std::size_t first = std::min(n, mask_ + 1 - write_);
        std::copy(in, in + first, buffer_.data() + write_);
        std::copy(in + first, in + n, buffer_.data());
        write_ = (write_ + n) & mask_;
    }
    // read_fractional as it will be after `ahead` more writes: a stretch's reads taken
    // before its writes (all of them of what came before it: delay > ahead).
    float read_fractional_after(std::size_t ahead, float delay) const {
        std::size_t whole = static_cast<std::size_t>(delay);
        float frac = delay - static_cast<float>(whole);
        float a = buffer_[(write_ + ahead - whole) & mask_];
        float b = buffer_[(write_ + ahead - whole - 1) & mask_];
        return a + (b - a) * frac;
    }
    std::size_t capacity() const { return mask_; }

  private:
    static std::size_t size_for(std::size_t max_samples) {
        std::size_t size = 1;
        while (size < max_samples + 2) size <<= 1;
        return size;
    }

    std::vector<float> buffer_;
    std::size_t mask_ = 0;
    std::size_t write_ = 0;
};

}  // namespace ambient
