#include "synth/dsp.hpp"

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace ambient::dsp {

DenormalGuard::DenormalGuard() {
#if defined(__SSE__)
    saved_ = _mm_getcsr();
    _mm_setcsr(static_cast<unsigned>(saved_) | 0x8040u);  // FTZ | DAZ
#elif defined(__aarch64__)
    std::uint64_t fpcr;
    asm volatile("mrs %0, fpcr" : "=r"(fpcr));
    saved_ = fpcr;
    asm volatile("msr fpcr, %0" ::"r"(fpcr | (1ull << 24)));  // FZ
#endif
}

DenormalGuard::~DenormalGuard() {
#if defined(__SSE__)
    _mm_setcsr(static_cast<unsigned>(saved_));
#elif defined(__aarch64__)
    asm volatile("msr fpcr, %0" ::"r"(saved_));
#endif
}

}  // namespace ambient::dsp
