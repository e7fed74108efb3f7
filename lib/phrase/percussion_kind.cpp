#include "phrase/percussion_kind.hpp"

#include <array>

#include "phrase/phrase.hpp"

namespace ambient {

namespace {
constexpr std::array<std::string_view, 4> names = {"kick", "swell", "bell", "noise"};
}

std::string_view percussion_kind_name(PercussionKind kind) {
    const auto i = static_cast<std::size_t>(kind);
    return i < names.size() ? names[i] : std::string_view();
}

std::optional<PercussionKind> parse_percussion_kind(std::string_view name) {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<PercussionKind>(i);
    return std::nullopt;
}

PercussionSound percussion_sound(const PercussionEvent& e) {
    switch (e.kind) {
        case PercussionKind::kick:
            return PercussionSound::kick;
        case PercussionKind::swell:
            return PercussionSound::swell;
        case PercussionKind::bell:
            return e.pitch ? PercussionSound::bell : PercussionSound::none;
        case PercussionKind::noise:
            return e.dur <= tick_beats ? PercussionSound::tick : PercussionSound::bed;
        case PercussionKind::other:
            return PercussionSound::none;
    }
    return PercussionSound::none;
}

}  // namespace ambient
