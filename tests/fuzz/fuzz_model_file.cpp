// A melody model file as ambient-melody --model loads it: refused only with ambient::Error,
// never a crash; one it accepts gives probabilities that sum to 1 in any context and writes
// itself out as a file that reads back the same.
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <string>

#include "compose/melody_model.hpp"
#include "core/error.hpp"
#include "fuzz_input.hpp"

namespace {

// The file's checksum (ambient-learn(1) FILE FORMAT): FNV-1a 64.
std::uint64_t fnv1a(std::string_view bytes) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char b : bytes) h = (h ^ b) * 1099511628211ull;
    return h;
}

}  // namespace

// The first byte chooses: odd, the rest is taken as is; even, the rest gets its checksum
// mended, so that mutations reach the rows behind it.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string bytes(ambient::fuzz::text_of(data + 1, size - 1));
    if (data[0] % 2 == 0 && bytes.size() >= 8) {
        bytes.resize(bytes.size() - 8);
        const std::uint64_t sum = fnv1a(bytes);
        for (int i = 0; i < 8; ++i) bytes += static_cast<char>(sum >> (8 * i) & 0xFF);
    }
    ambient::MelodyModel model;
    try {
        model = ambient::MelodyModel::parse(bytes, "f.model");
    } catch (const ambient::Error&) {
        return 0;
    }
    for (int previous : {-1, 60, 67})
        for (int root : {-1, 0, 7}) {
            ambient::NoteContext c;
            c.previous_pitch = previous;
            c.notes_before = previous < 0 ? 0 : 3;
            c.chord_root_pc = root;
            c.chord = root < 0 ? ambient::ChordKind::none : ambient::ChordKind::major;
            const auto p = model.next(c);
            const auto f = model.first(c);
            const double sum = std::accumulate(p.begin(), p.end(), 0.0);
            const double first_sum = std::accumulate(f.begin(), f.end(), 0.0);
            if (!(std::abs(sum - 1) < 1e-6) || !(std::abs(first_sum - 1) < 1e-6)) std::abort();
        }
    const std::string out = model.serialize();
    if (ambient::MelodyModel::parse(out, "again").serialize() != out) std::abort();
    return 0;
}
