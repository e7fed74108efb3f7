# ambient-midi -o: a Standard MIDI File that midicsv and FluidSynth read, with every note.
source "$(dirname "$0")/lib.sh"
midi="$AMBIENT_BIN/ambient-midi"
command -v midicsv >/dev/null || { echo "midicsv not installed" >&2; exit 77; }

"$chords" --phrases 4 --seed 5 --intensity 0.8 | "$melody" | "$perc" >"$work/p.jsonl"
"$midi" -o "$work/piece.mid" "$work/p.jsonl"
midicsv "$work/piece.mid" >"$work/piece.csv"
grep -q '^0, 0, Header, 1, 4, 480$' "$work/piece.csv" || fail "not format 1, 4 tracks, 480 ticks: $(head -1 "$work/piece.csv")"
grep -q 'Tempo, 857143$' "$work/piece.csv" || fail "no tempo of 70 bpm"
grep -q 'Time_signature, 4, 2, 24, 8$' "$work/piece.csv" || fail "no 4/4 time signature"
grep -q 'Key_signature, 0, "minor"$' "$work/piece.csv" || fail "A aeolian is no sharps, minor"
for name in pad melody percussion; do grep -q "Title_t, \"$name\"" "$work/piece.csv" || fail "no $name track"; done

# Every note: chord tones, melody, bells, kicks, swells, short noise ticks (not the noise bed).
expected=$(jq -s '[.[] | (.chords | map(.pitches | length) | add) + (.melody | length) +
    (.percussion | map(select(.kind != "noise" or .dur <= 1)) | length)] | add' "$work/p.jsonl")
ons=$(grep -c 'Note_on_c' "$work/piece.csv")
offs=$(grep -c 'Note_off_c' "$work/piece.csv")
[ "$ons" = "$expected" ] || fail "$ons notes in the file, $expected in the phrases"
[ "$offs" = "$ons" ] || fail "$ons note-ons but $offs note-offs"
# Every note-on has its note-off on the same channel and pitch, later.
awk -F', ' '$3 == "Note_on_c" { on[$4" "$5] += 1 } $3 == "Note_off_c" { off[$4" "$5] += 1 }
    END { for (k in on) if (on[k] != off[k]) { print "unbalanced " k; exit 1 } }' "$work/piece.csv" || fail "unbalanced notes"
# Melody velocities and pitches as the phrases say (channel 2 is 1 in midicsv).
jq -r '.melody[] | "\(.pitch) \((.vel * 127) | round | if . < 1 then 1 else . end)"' "$work/p.jsonl" | sort >"$work/want"
awk -F', ' '$3 == "Note_on_c" && $4 == 1 { print $5" "$6 }' "$work/piece.csv" | sort >"$work/got"
cmp -s "$work/want" "$work/got" || fail "melody pitches or velocities differ"
# Drums on channel 10 (9 in midicsv) with General MIDI notes.
awk -F', ' '$3 == "Note_on_c" && $4 == 9 && $5 != 36 && $5 != 52 && $5 != 82 { bad = 1 } END { exit bad }' "$work/piece.csv" ||
    fail "unexpected drum notes"

# To stdout: the same bytes. A tempo change makes a second tempo event.
"$midi" -o - "$work/p.jsonl" | cmp -s - "$work/piece.mid" || fail "-o - differs from -o FILE"
{ "$chords" --phrases 1 --bpm 60 --seed 1; "$chords" --phrases 1 --bpm 90 --seed 2; } | "$midi" -o - | midicsv >"$work/tempo.csv"
[ "$(grep -c ', Tempo, ' "$work/tempo.csv")" = 2 ] || fail "a tempo change should write a second tempo event"
grep -q 'Tempo, 666667$' "$work/tempo.csv" || fail "90 bpm is 666667 us per quarter"

# Options: channels, programs, drum notes.
"$midi" -o - --channel-melody 5 --no-programs --drum-kick 35 "$work/p.jsonl" | midicsv >"$work/opt.csv"
grep -q 'Program_c' "$work/opt.csv" && fail "--no-programs still wrote program changes"
awk -F', ' '$3 == "Note_on_c" && $4 == 4 { n++ } END { exit !(n > 0) }' "$work/opt.csv" || fail "--channel-melody 5 ignored"
grep -q 'Note_on_c, 9, 36,' "$work/opt.csv" && fail "--drum-kick 35 ignored"

# A bad phrase: the file holds the phrases before it, and the exit is 65.
{ head -2 "$work/p.jsonl"; echo '{"v":1'; } >"$work/bad.jsonl"
expect_status 65 "bad phrase" -- "$midi" -o "$work/bad.mid" "$work/bad.jsonl"
expect_stderr "line 3\)$" "names line 3"
[ "$(midicsv "$work/bad.mid" | grep -c Note_on_c)" -gt 0 ] || fail "the good phrases were not written"

expect_status 64 "nowhere to play" -- "$midi" "$work/p.jsonl"
expect_stderr "say where to play" "explains"

# FluidSynth plays the file.
if command -v fluidsynth >/dev/null && [ -f /usr/share/sounds/sf2/FluidR3_GM.sf2 ]; then
    fluidsynth -ni -q -F "$work/fluid.wav" -r 48000 /usr/share/sounds/sf2/FluidR3_GM.sf2 "$work/piece.mid" >/dev/null 2>&1
    "$AMBIENT_TEST_TOOLS/audio_measure" "$work/fluid.wav" | jq -e '.frames > 48000 * 60 and .peak > 0.01' >/dev/null ||
        fail "FluidSynth made no sound of it"
fi
echo ok
