// The kinds of percussion event a phrase carries, and the one classification of what each
// sounds as, shared by the renderer and MIDI so that both hear the same thing.
#pragma once

#include <optional>
#include <string_view>

namespace ambient {

// As ambient-phrase(5) spells them: "kick", "swell", "bell", "noise". `other` is a kind from
// a newer stage: kept as spelt, and not played.
enum class PercussionKind { kick, swell, bell, noise, other };

std::string_view percussion_kind_name(PercussionKind kind);  // "" for other
// nullopt for a name this version does not know.
std::optional<PercussionKind> parse_percussion_kind(std::string_view name);

// What an event sounds as: a noise of up to `tick_beats` is a tick, a longer one a bed
// under the phrase. In beats, so a change of tempo never turns one into the other.
enum class PercussionSound { kick, swell, bell, tick, bed, none };
inline constexpr double tick_beats = 1.0;

struct PercussionEvent;
PercussionSound percussion_sound(const PercussionEvent& e);

}  // namespace ambient
