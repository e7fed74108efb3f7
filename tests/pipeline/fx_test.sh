# ambient-fx over raw PCM from sox and our own renderer.
source "$(dirname "$0")/lib.sh"
fx="$AMBIENT_BIN/ambient-fx"
measure="$AMBIENT_TEST_TOOLS/audio_measure"
field() { jq -r ".$1" "$work/m.json"; }
command -v sox >/dev/null || { echo "sox not installed" >&2; exit 77; }

# A 1 s burst through the reverb: the output rings on after the input and then ends.
sox -n -r 48000 -c 2 -t f32 - synth 1 pinknoise vol 0.3 >"$work/in.f32"
"$fx" --reverb --decay 3 <"$work/in.f32" | "$measure" --raw f32le 48000 2 >"$work/m.json"
frames=$(field frames)
[ "$frames" -gt 48000 ] && [ "$frames" -lt $((48000 * 8)) ] || fail "reverb tail: $frames frames"

# The limiter keeps a hot signal under its ceiling, true peak included, sample for sample aligned.
sox -n -r 48000 -c 2 -t f32 - synth 2 sine 997 vol 4 >"$work/hot.f32"
"$fx" --limiter --ceiling -3 <"$work/hot.f32" | "$measure" --raw f32le 48000 2 >"$work/m.json"
[ "$(field frames)" = 96000 ] || fail "limiter changed the length: $(field frames)"
awk -v tp="$(field true_peak_db)" 'BEGIN { exit !(tp <= -3.0) }' || fail "true peak $(field true_peak_db) over -3 dBTP"

# Other formats: s16le mono at 44.1 kHz, with sox on both sides.
sox -n -r 44100 -c 1 -t s16 - synth 1 sine 440 vol 0.5 | "$fx" -f s16le -r 44100 -c 1 --delay --delay-ms 250 |
    sox -t s16 -r 44100 -c 1 - -n stats 2>"$work/stats" || fail "sox round trip"
grep -q "Length s" "$work/stats" || fail "sox could not read the output"

# A partial frame at the end: everything before it is written, then exit 65.
head -c 40003 "$work/in.f32" >"$work/cut.f32"
expect_status 65 "trailing partial frame" -- bash -c "\"$fx\" --limiter <\"$work/cut.f32\""
expect_stderr "^ambient-fx: error: input ends inside a frame: 3 trailing bytes of a 8-byte frame \(stdin\)$" "names it"
[ "$(stat -c %s "$work/out")" = 40000 ] || fail "the whole frames before the cut were not all written"

expect_status 64 "bad flag" -- "$fx" --decay 99
expect_status 0 "no effects: a plain copy" -- bash -c "\"$fx\" <\"$work/in.f32\""
cmp -s "$work/out" "$work/in.f32" || fail "with no effects the PCM should pass unchanged"
echo ok
