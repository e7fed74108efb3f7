// ambient-stream --meta: the renderer's what-is-playing lines, in pieces as a FIFO gives
// them. Lines that are not ours are skipped; nothing thrown, and every line handed out is
// one that was fed.
#include <string>

#include "fuzz_input.hpp"
#include "stream/meta_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    ambient::MetaInput meta(48000.0 / (8000 + 1000 * (data[0] % 89)));
    const std::string_view text = ambient::fuzz::text_of(data + 1, size - 1);
    // Fed in pieces of growing size, so lines are cut at many places.
    for (std::size_t at = 0, piece = 1; at < text.size(); at += piece, ++piece)
        meta.feed(text.substr(at, piece), at);
    std::string line = meta.take_up_to(~std::uint64_t{0});
    if (!line.empty() && text.find(line) == std::string_view::npos) __builtin_trap();
    meta.clear();
    return 0;
}
