#!/usr/bin/env bash
# Every preset keeps the sound it had before the renderer was made fast (#15): the same
# phrases rendered to a file land on the loudness target (+-0.5 LU) under the true-peak
# ceiling (-1 dBTP) for every seed, with the spectral centroid and stereo width (medians of
# four seeds) within 5 % of the figures tests/golden/sound-properties.jsonl pinned from
# the renderer before any speed change.
source "$(dirname "$0")/lib.sh"
render="$AMBIENT_BIN/ambient-render"
measure="$AMBIENT_TEST_TOOLS/audio_measure"
pinned="$AMBIENT_SOURCE/tests/golden/sound-properties.jsonl"

[ "$(wc -l <"$pinned")" -eq "$("$render" --list-presets | wc -l)" ] ||
    fail "tests/golden/sound-properties.jsonl does not pin every preset"
while read -r line; do
    preset=$(jq -r .preset <<<"$line")
    # Width and centroid as the median of four seeds: each note's oscillator phases are drawn
    # from the seed, and a preset of few plucked notes (keys) measures 0.695 to 0.811 wide
    # from one seed to the next, more than the 5 % asked (the others vary by under 1 %).
    for seed in 11 12 13 14; do
        "$render" --preset "$preset" --seed "$seed" -o "$work/$preset.wav" -q <"$AMBIENT_SOURCE/tests/golden/perc.jsonl"
        "$measure" --spectrum "$work/$preset.wav"
    done >"$work/$preset.jsonl"
    jq -s '(map(.centroid_hz) | sort) as $c | (map(.width) | sort) as $w | .[0] +
        {centroid_hz: (($c[1] + $c[2]) / 2), width: (($w[1] + $w[2]) / 2),
         lufs: (map(.lufs) | max_by(. + 16 | fabs)), true_peak_db: (map(.true_peak_db) | max)}' \
        "$work/$preset.jsonl" >"$work/$preset.json"
    jq -e --argjson was "$line" '
        (.lufs - -16 | fabs) <= 0.5 and .true_peak_db <= -1 and
        ((.centroid_hz / $was.centroid_hz - 1) | fabs) <= 0.05 and
        ((.width / $was.width - 1) | fabs) <= 0.05' "$work/$preset.json" >/dev/null ||
        fail "$preset: $(jq -c '{lufs, true_peak_db, centroid_hz, width}' "$work/$preset.json"), pinned $line"
done <"$pinned"
echo "ok"
