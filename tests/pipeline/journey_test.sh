#!/usr/bin/env bash
# Journeys and timbres through the real programs: ambient-chords --journey, --start,
# --duration and their errors; the fields every stage keeps; the renderer following a
# phrase's timbre from one preset to another; the control file's preset.
source "$(dirname "$0")/lib.sh"
render="$AMBIENT_BIN/ambient-render"
measure="$AMBIENT_TEST_TOOLS/audio_measure"

# What is built in, one a line.
"$chords" --list-journeys >"$work/journeys"
[ "$(cut -f1 "$work/journeys" | tr '\n' ' ')" = "day drift sleep " ] || fail "journeys: $(cat "$work/journeys")"
"$render" --list-presets >"$work/presets"
[ "$(wc -l <"$work/presets")" -ge 8 ] || fail "presets: $(cat "$work/presets")"
grep -q $'^choir\t' "$work/presets" || fail "no choir preset"

# A count of phrases given with a journey ends it there (drift alone repeats forever).
[ "$("$chords" --journey drift --phrases 3 --seed 2 | wc -l)" = 3 ] || fail "--phrases with --journey is not a count"

# Sleep: one command, about 45 minutes of phrases that end by themselves on the tonic;
# the same every run.
"$chords" --journey sleep --seed 4 | "$melody" --seed 4 | "$perc" --seed 4 >"$work/sleep"
"$chords" --journey sleep --seed 4 | "$melody" --seed 4 | "$perc" --seed 4 | cmp -s - "$work/sleep" ||
    fail "the same seed and journey gave other phrases"
jq -s -e 'map(.bars * .meter[0] * 60 / .bpm) | add | . > 2520 and . < 2880' "$work/sleep" >/dev/null ||
    fail "sleep lasts $(jq -s 'map(.bars * .meter[0] * 60 / .bpm) | add' "$work/sleep") s"
jq -s -e '(.[-1].end == true) and (map(select(.end)) | length == 1)' "$work/sleep" >/dev/null ||
    fail "the last phrase, and only it, ends the music"
jq -s -e '.[-1] | (.chords[-1].degree | test("^[iI]$")) and
    ((.melody[-1].pitch - .tonic) % 12 == 0)' "$work/sleep" >/dev/null ||
    fail "sleep does not close on the tonic: $(jq -s -c '.[-1] | [.chords[-1].degree, .melody[-1].pitch, .tonic]' "$work/sleep")"
# Every stage keeps the journey's fields.
jq -s -e 'all(.scene and .preset and .journey.journey == "sleep")' "$work/sleep" >/dev/null ||
    fail "a stage dropped scene, preset or journey"
[ "$(jq -r .scene "$work/sleep" | uniq | wc -l)" -eq 5 ] || fail "sleep has five scenes in turn"

# A clock journey from --start: the scene of that hour, and the same phrases every run.
"$chords" --journey day --start 22:00 --duration 45m --seed 2 >"$work/night"
[ "$(jq -r .scene "$work/night" | sort -u | tr '\n' ' ')" = "dusk night " ] ||
    fail "22:00 plays: $(jq -r .scene "$work/night" | sort -u | tr '\n' ' ')"
"$chords" --journey day --start 22:00 --duration 45m --seed 2 | cmp -s - "$work/night" ||
    fail "--start does not make the journey repeatable"

# --duration without a journey: phrases until then, the last on the tonic.
"$chords" --seed 3 --bpm 60 --duration 3m >"$work/timed"
[ "$(wc -l <"$work/timed")" -eq 6 ] || fail "3 minutes at 60 bpm are six 32-beat phrases, got $(wc -l <"$work/timed")"
jq -s -e '.[-1].end and (.[-1].chords[-1].degree == "i")' "$work/timed" >/dev/null || fail "--duration's end"

# Journey files: errors name the file and the field; an unknown name lists the built-ins.
cat >"$work/evening.json" <<'JSON'
{"transition": 4, "repeat": false,
 "scenes": [{"name": "a", "bars": 16, "key": "D", "mode": "dorian", "bpm": 60, "preset": "glass"},
            {"name": "b", "bars": 16, "key": "G", "mode": "ionian", "bpm": 80, "preset": "haze"}]}
JSON
"$chords" --journey "$work/evening.json" --seed 1 >"$work/evening"
[ "$(wc -l <"$work/evening")" -eq 4 ] || fail "two 16-bar scenes are four phrases"
jq -s -e '.[2].preset_glide == 16 and .[2].key == "G" and .[2].chords[0].pivot == true' "$work/evening" >/dev/null ||
    fail "into b: $(jq -s -c '.[2] | [.preset_glide, .key, .chords[0]]' "$work/evening")"
sed 's/"bars": 16, "key": "G"/"bars": 16, "key": "H"/' "$work/evening.json" >"$work/bad.json"
expect_status 65 "a bad journey file" -- "$chords" --journey "$work/bad.json"
expect_stderr 'bad.json: scenes\[1\]\.key: expected a note name' "the field is named"
echo '{"scenes": [' >"$work/broken.json"
expect_status 65 "a journey that is not JSON" -- "$chords" --journey "$work/broken.json"
expect_stderr 'broken.json' "the file is named"
expect_status 66 "a missing journey file" -- "$chords" --journey "$work/none.json"
expect_status 64 "an unknown journey" -- "$chords" --journey nowhere
expect_stderr 'unknown journey "nowhere" \(built in: day, drift and sleep' "the built-ins are named"
expect_status 64 "a bad --start" -- "$chords" --journey day --start 25:00
expect_status 64 "a bad --duration" -- "$chords" --duration 5x
expect_status 64 "a bad --override" -- "$chords" --journey day --override soon

# The renderer follows the phrases' timbre: glass, then a morph into haze over 16 beats;
# loudness held, no click, nothing non-finite.
"$melody" --seed 1 <"$work/evening" | "$perc" --seed 1 | "$render" -q -o "$work/evening.wav"
"$measure" --short-term "$work/evening.wav" >"$work/m"
jq -e '.nonfinite == 0 and .true_peak_db <= -0.9 and (.lufs + 16 | fabs) < 0.6 and .max_step < 0.3' "$work/m" >/dev/null ||
    fail "the morph: $(jq -c 'del(.short_term)' "$work/m")"
# A preset the renderer does not know: one warning, the sound goes on.
jq -c '.preset = "kazoo"' "$work/evening" | "$render" -q -f s16le >"$work/kazoo.pcm" 2>"$work/err"
[ "$(grep -c 'cannot play preset "kazoo"' "$work/err")" -eq 1 ] || fail "unknown preset: $(cat "$work/err")"
[ "$(stat -c %s "$work/kazoo.pcm")" -gt 1000000 ] || fail "no sound after an unknown preset"

# The control file's preset: a new timbre for phrases composed before it, none after.
echo '{"version":1,"preset":"keys"}' >"$work/control.json"
"$chords" --seed 5 -n 2 >"$work/plain"
"$render" --control "$work/control.json" --meta "$work/meta" -q -o "$work/keys.wav" <"$work/plain"
jq -s -e 'all(.preset == "keys")' "$work/meta" >/dev/null || fail "control preset: $(head -2 "$work/meta")"
"$chords" --seed 5 -n 2 --control "$work/control.json" >"$work/stamped"
jq -s -e 'all(.control_version == 1 and .preset == "keys")' "$work/stamped" >/dev/null ||
    fail "the head stamps the version and the timbre: $(head -c 300 "$work/stamped")"
echo ok
