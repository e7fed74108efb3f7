# ambient-render through real pipes: the issue's acceptance piece, raw output, files, errors.
source "$(dirname "$0")/lib.sh"
render="$AMBIENT_BIN/ambient-render"
measure="$AMBIENT_TEST_TOOLS/audio_measure"
field() { jq -r ".$1" "$work/m.json"; }
within() { awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(x >= lo && x <= hi) }'; }

# The acceptance piece: two phrases to a WAV at -16 LUFS, true peak at most -1 dBTP,
# as long as the music plus a tail that ends.
"$chords" --phrases 2 --seed 11 | "$melody" | "$perc" | "$render" -o "$work/piece.wav"
"$measure" "$work/piece.wav" >"$work/m.json"
[ "$(field rate)" = 48000 ] && [ "$(field channels)" = 2 ] || fail "piece.wav is not 48 kHz stereo: $(cat "$work/m.json")"
music=$((2 * 32 * 60 * 48000 / 70))
within "$(field frames)" "$music" "$((music + 20 * 48000))" || fail "length $(field frames) frames, music is $music"
within "$(field lufs)" -17 -15 || fail "loudness $(field lufs) LUFS, not -16 +-1"
within "$(field true_peak_db)" -100 -1.0 || fail "true peak $(field true_peak_db) dBTP above -1"
[ "$(field nonfinite)" = 0 ] || fail "NaN or Inf in the file"
if command -v sox >/dev/null; then sox "$work/piece.wav" -n spectrogram -o "${AMBIENT_ARTIFACTS:-$work}/piece.png"; fi

# Short phrases from here on.
"$chords" --phrases 2 --bars 2 --bpm 120 --seed 4 | "$melody" | "$perc" >"$work/short.jsonl"
short_music=$((2 * 8 * 60 * 48000 / 120))

# Raw s16le: exactly the music and its tail, the same frames as a file with the same gain,
# and the same samples as a float file read back through libsndfile.
"$render" -f s16le --loudness measure "$work/short.jsonl" >"$work/short.s16"
"$render" --loudness measure --bits float -o "$work/short.wav" "$work/short.jsonl"
"$render" --loudness measure "$work/short.jsonl" >"$work/short.f32"
"$measure" --raw s16le 48000 2 <"$work/short.s16" >"$work/m.json"
s16_frames=$(field frames)
"$measure" "$work/short.wav" >"$work/m.json"
[ "$s16_frames" = "$(field frames)" ] || fail "raw s16le has $s16_frames frames, the file $(field frames)"
within "$s16_frames" "$short_music" "$((short_music + 20 * 48000))" || fail "raw length $s16_frames, music $short_music"
[ $(($(stat -c %s "$work/short.s16") % 4)) = 0 ] || fail "raw s16le ends mid-frame"
sox -t f32 -r 48000 -c 2 "$work/short.f32" -t f32 "$work/f32.raw" 2>/dev/null || cp "$work/short.f32" "$work/f32.raw"
sox "$work/short.wav" -t f32 "$work/wav.raw"
cmp -s "$work/f32.raw" "$work/wav.raw" || fail "the float WAV read back differs from the raw f32le output"

# A file at the target from one pass of the music: within 0.1 LU, the temporary store gone
# from the output's folder (and from $TMPDIR for raw output).
mkdir "$work/folder" "$work/tmp"
"$render" -o "$work/folder/exact.wav" "$work/short.jsonl"
[ "$(ls -A "$work/folder")" = exact.wav ] || fail "left in the output's folder: $(ls -A "$work/folder")"
"$measure" "$work/folder/exact.wav" >"$work/m.json"
within "$(field lufs)" -16.1 -15.9 || fail "one pass lands at $(field lufs) LUFS, not -16 +-0.1"
TMPDIR="$work/tmp" "$render" -f s16le --loudness measure "$work/short.jsonl" | "$measure" --raw s16le 48000 2 >"$work/m.json"
within "$(field lufs)" -16.1 -15.9 || fail "raw output lands at $(field lufs) LUFS"
[ -z "$(ls -A "$work/tmp")" ] || fail "left in TMPDIR: $(ls -A "$work/tmp")"

# Live output (raw, the radio's way) follows loudness as it plays: within 1 LU over a few
# minutes, true peak held, and its first 15 s no louder than 2 LU over the target (the gain
# starts from the patch's calibration and holds while the pads swell: it once climbed to
# -10.8 LUFS at 4 s).
"$chords" --phrases 6 --seed 5 | "$melody" | "$perc" | "$render" -f s16le >"$work/live.s16"
"$measure" --raw s16le 48000 2 <"$work/live.s16" >"$work/m.json"
within "$(field lufs)" -17 -15 || fail "live output lands at $(field lufs) LUFS, not -16 +-1"
within "$(field true_peak_db)" -100 -1.0 || fail "live output's true peak $(field true_peak_db) dBTP"
sox -t s16 -r 48000 -c 2 "$work/live.s16" "$work/live.wav"
"$measure" --short-term "$work/live.wav" >"$work/m.json"
loudest=$(jq '.short_term[:15] | max' "$work/m.json")
within "$loudest" -100 -14 || fail "live output's first 15 s reach $loudest LUFS short-term: $(jq -c '.short_term[:15]' "$work/m.json")"

# Same phrases and seed: byte-identical; another seed: not.
"$render" --loudness measure "$work/short.jsonl" | cmp -s - "$work/short.f32" || fail "render is not deterministic"
"$render" --loudness measure --seed 9 "$work/short.jsonl" | cmp -s - "$work/short.f32" && fail "--seed changes nothing"

# --loudness off plays the patch's own level: near the target, its peaks its own rather
# than held at the limiter's ceiling (it was 6.5 dB louder, limited most of the time).
"$render" --loudness off -o "$work/off.wav" "$work/short.jsonl"
"$measure" "$work/off.wav" >"$work/m.json"
within "$(field lufs)" -18 -14 || fail "--loudness off plays at $(field lufs) LUFS"
within "$(field true_peak_db)" -100 -1.5 || fail "--loudness off peaks at $(field true_peak_db) dBTP: limited"

# Rates, mono, every preset, FLAC and Ogg.
"$render" -r 44100 -c 1 -f s16le --loudness off "$work/short.jsonl" | "$measure" --raw s16le 44100 1 >"$work/m.json"
within "$(field frames)" $((2 * 8 * 60 * 44100 / 120)) $((2 * 8 * 60 * 44100 / 120 + 20 * 44100)) || fail "44.1 kHz mono length"
for preset in drift glass deep; do
    "$render" --preset "$preset" -o "$work/$preset.flac" "$work/short.jsonl"
    "$measure" "$work/$preset.flac" >"$work/m.json"
    within "$(field lufs)" -17 -15 || fail "preset $preset: $(field lufs) LUFS"
done
"$render" -o "$work/short.ogg" "$work/short.jsonl"
"$measure" "$work/short.ogg" >"$work/m.json"
[ "$(field channels)" = 2 ] || fail "ogg not readable"

# Patches: the printed patch reads back; bad ones are named.
"$render" --preset glass --print-patch >"$work/patch.json"
jq -e '.reverb.decay == 9 and .pad.waveform == "triangle"' "$work/patch.json" >/dev/null || fail "--print-patch"
echo '{"reverb":{"decay":3},"pad":{"cutoff":500}}' >"$work/p.json"
expect_status 0 "a patch file" -- "$render" --patch "$work/p.json" --print-patch
jq -e '.reverb.decay == 3 and .pad.cutoff == 500 and .lead.fm_ratio == 2' "$work/out" >/dev/null || fail "patch not applied"
echo '{"reverb":{"decay":300}}' >"$work/p.json"
expect_status 65 "a bad patch" -- "$render" --patch "$work/p.json" -o "$work/x.wav" "$work/short.jsonl"
expect_stderr "bad patch: reverb.decay: expected a number from 0.3 to 30 \($work/p.json\)" "names the parameter"
expect_status 66 "a missing patch" -- "$render" --patch "$work/none.json" -o "$work/x.wav" "$work/short.jsonl"
expect_status 64 "an unknown preset" -- "$render" --preset loud -o "$work/x.wav" "$work/short.jsonl"
expect_status 64 "an unknown extension" -- "$render" -o "$work/x.mp3" "$work/short.jsonl"
expect_stderr "unknown audio file extension" "names the extension problem"

# A malformed phrase: the ones before it are played out, then exit 65 naming the line.
{ head -1 "$work/short.jsonl"; echo '{"v":1,'; } >"$work/bad.jsonl"
expect_status 65 "a malformed phrase" -- "$render" -f s16le "$work/bad.jsonl"
expect_stderr "bad phrase: .*line 2\)$" "names line 2"
frames=$(($(stat -c %s "$work/out") / 4))
within "$frames" $((8 * 60 * 48000 / 120)) $((8 * 60 * 48000 / 120 + 20 * 48000)) ||
    fail "the phrase before the bad line was not played out ($frames frames)"

# Nothing lost (#17): a render killed half-way, in every way of writing a file, leaves the
# old file as it was and nothing beside it (it left a 44-byte header, a half WAV, or an
# empty FLAC under the name asked for).
mkdir -p "$work/keep"
"$chords" --phrases 40 --seed 4 | "$melody" | "$perc" >"$work/long.jsonl"
for how in "x.wav" "x.wav --loudness live" "x.wav --loudness off" "x.flac" "x.ogg"; do
    set -- $how
    echo old >"$work/keep/$1"
    "$render" -q -o "$work/keep/$1" "${@:2}" "$work/long.jsonl" &
    pid=$!
    sleep 1
    kill -9 "$pid"
    wait "$pid" 2>/dev/null || true
    [ "$(cat "$work/keep/$1")" = old ] || fail "a killed render ($how) replaced the old file"
    [ "$(ls -A "$work/keep")" = "$1" ] || fail "a killed render ($how) left $(ls -A "$work/keep")"
    rm -f "$work/keep/$1"
done
# A full disk: 74 naming the folder, the old file intact, nothing left beside it.
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=1M tmpfs "$work/keep" 2>/dev/null; then
    echo old >"$work/keep/x.wav"
    status=0
    "$render" -q -o "$work/keep/x.wav" "$work/short.jsonl" 2>"$work/err" || status=$?
    kept=$(cat "$work/keep/x.wav") left=$(ls -A "$work/keep")
    umount "$work/keep"  # before any check can fail
    [ "$status" = 74 ] || fail "render to a full disk: exit $status, not 74"
    expect_stderr "No space left on device" "full disk named"
    [ "$kept" = old ] || fail "a full disk replaced the old file"
    [ "$left" = x.wav ] || fail "a full disk left $left"
fi

# Endless input plays as it arrives; a closed pipe ends everything with status 0.
timeout 60 "$chords" --endless --seed 1 | timeout 60 "$melody" | timeout 60 "$perc" |
    timeout 60 "$render" -f s16le | head -c 1000000 >/dev/null || true
statuses=("${PIPESTATUS[@]}")
[ "${statuses[*]}" = "0 0 0 0 0" ] || fail "endless render pipeline statuses: ${statuses[*]}"
echo ok
