#!/usr/bin/env bash
# Keep what you heard, through real HTTP: a radio plays while a listener records its Opus
# stream; then GET /api/recording?last=20 gives 20 s that are the music the listener heard
# (cross-correlated with the recording), /api/history lists what played, bad asks get 400
# or 404 with the reason, a third recording at once gets 429, and the history outlives a
# restart of the radio (a stretch from before it can still be had).
source "$(dirname "$0")/lib.sh"
export AMBIENT_RADIO_BIN="$AMBIENT_BIN"
measure="$AMBIENT_TEST_TOOLS/audio_measure"
command -v ffmpeg >/dev/null || fail "ffmpeg is needed (scripts/setup installs it)"
url() { echo "http://127.0.0.1:$port$1"; }
code() { curl -s -o "$work/body" -w '%{http_code}' "$(url "$1")"; }

start_radio() {
    setsid "$AMBIENT_SOURCE/scripts/radio" --port "$port" --state-dir "$work/state" \
        --key D --mode dorian --bars 2 >>"$work/out" 2>>"$work/err" &
    radio=$!
    for _ in $(seq 150); do
        curl -s "$(url /api/status)" | jq -e '.input == "flowing"' >/dev/null 2>&1 && return 0
        kill -0 "$radio" 2>/dev/null || fail "radio ended at start: $(tail -5 "$work/err")"
        sleep 0.1
    done
    fail "radio did not play: $(tail -5 "$work/err")"
}
radio=
slow1= slow2=
trap 'if [ -n "$radio" ]; then kill -9 -- $(pgrep -s "$radio") 2>/dev/null || true; fi; kill $slow1 $slow2 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(free_port)
start_radio

# A listener records 24 s of the Opus stream, as any player would.
ffmpeg -v error -nostdin -i "$(url /stream.opus)" -t 24 -ar 48000 -ac 2 "$work/heard.wav" ||
    fail "the listener could not record the stream"

# The last 20 s, re-rendered: a WAV whose length and name say what it is.
curl -s -D "$work/headers" -o "$work/last.wav" "$(url '/api/recording?last=20&format=wav')"
grep -q '^HTTP/1.1 200' "$work/headers" || fail "GET /api/recording: $(head -1 "$work/headers") $(head -c 300 "$work/last.wav")"
grep -qiE '^Content-Disposition: attachment; filename="ambient-[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{6}-[0-9]{6}\.wav"' "$work/headers" ||
    fail "no filename that says when: $(cat "$work/headers")"
grep -qi "^Content-Length: $(stat -c %s "$work/last.wav")" "$work/headers" || fail "Content-Length is not the file's: $(cat "$work/headers")"
"$measure" "$work/last.wav" >"$work/last.json" || fail "the recording does not read as audio"
jq -e '(.frames - 960000 | fabs) <= 48 and .nonfinite == 0 and .peak > 0.01' "$work/last.json" >/dev/null ||
    fail "not 20 s of music: $(cat "$work/last.json")"
# The music the listener heard: the two line up, and correlate as one piece through Opus.
"$measure" --compare "$work/last.wav" "$work/heard.wav" >"$work/compare.json"
echo "last 20 s against the listener's recording: $(cat "$work/compare.json")"
jq -e '.correlation > 0.8 and .overlap_s > 15' "$work/compare.json" >/dev/null ||
    fail "the recording is not what the listener heard: $(cat "$work/compare.json")"

# What played: newest first, in the key the radio plays, with its chords.
[ "$(code '/api/history?limit=3')" = 200 ] || fail "GET /api/history: $(cat "$work/body")"
jq -e '(.phrases | length) == 3 and .phrases[0].time > .phrases[1].time and
    all(.phrases[]; .key == "D" and .mode == "dorian" and (.chords | length) > 0 and .phrase.bars == 2)' \
    "$work/body" >/dev/null || fail "the history is not what played: $(head -c 600 "$work/body")"
# Opus and FLAC as a player gets them.
for format in opus flac; do
    curl -s -o "$work/last.$format" "$(url "/api/recording?last=5&format=$format")"
    seconds=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$work/last.$format" 2>/dev/null)
    samples=$(ffmpeg -v error -i "$work/last.$format" -f s16le -ac 2 -ar 48000 - | wc -c)
    [ "$samples" -ge $((5 * 48000 * 4 - 48000)) ] && [ "$samples" -le $((5 * 48000 * 4 + 48000)) ] ||
        fail "$format: $samples bytes decoded, not 5 s (ffprobe: $seconds)"
done

# Bad asks: the reason, and the right status.
[ "$(code '/api/recording?last=abc')" = 400 ] && grep -q 'last' "$work/body" || fail "last=abc: $(cat "$work/body")"
[ "$(code '/api/recording?last=4000')" = 400 ] && grep -q 'longer than 3600' "$work/body" || fail "last=4000: $(cat "$work/body")"
[ "$(code '/api/recording?last=5&format=mp4')" = 400 ] && grep -q 'format' "$work/body" || fail "format=mp4: $(cat "$work/body")"
[ "$(code '/api/recording?from=2001-01-01%2000:00&to=2001-01-01%2000:01')" = 404 ] &&
    grep -q 'nothing played' "$work/body" || fail "a stretch before the station: $(cat "$work/body")"
[ "$(code '/api/history?limit=0')" = 400 ] || fail "limit=0: $(cat "$work/body")"

# Two recordings at once, read slowly; a third is told to wait, and once they go it is served.
# (Both are counted once their answers have begun: on a busy machine that takes more than a
# moment, and a third asked before then is rightly served.)
for i in 1 2; do
    curl -s --limit-rate 20k -D "$work/slow$i.headers" -o /dev/null "$(url '/api/recording?last=30&format=wav')" &
    eval "slow$i=\$!"
done
for _ in $(seq 300); do
    grep -qs '^HTTP/1.1 200' "$work/slow1.headers" && grep -qs '^HTTP/1.1 200' "$work/slow2.headers" && break
    sleep 0.1
done
grep -qs '^HTTP/1.1 200' "$work/slow1.headers" && grep -qs '^HTTP/1.1 200' "$work/slow2.headers" ||
    fail "the two slow recordings were not served: $(cat "$work"/slow*.headers 2>/dev/null | head -5)"
[ "$(code '/api/recording?last=5')" = 429 ] || fail "a third recording at once was not refused: $(cat "$work/body")"
kill "$slow1" "$slow2"
wait "$slow1" "$slow2" 2>/dev/null || true
for _ in $(seq 50); do [ "$(code '/api/recording?last=2&format=wav')" = 200 ] && break; sleep 0.1; done
[ "$(code '/api/recording?last=2&format=wav')" = 200 ] || fail "recordings not served again after the slow ones went"
grep -q '"event":"recording_ended".*"reason":"gone"' "$work/state/radio.log" "$work/err" ||
    fail "the slow recordings' end is not in the log"

# The history outlives the radio: stopped, started again, a stretch from before is there.
before=$(date +%s)
kill -TERM "$radio"
wait "$radio" || fail "the radio did not stop cleanly"
start_radio
[ "$(code "/api/recording?from=$((before - 12))&to=$((before - 2))&format=wav")" = 200 ] ||
    fail "the stretch before the restart is gone: $(head -c 300 "$work/body")"
"$measure" "$work/body" | jq -e '(.frames - 480000 | fabs) <= 48 and .peak > 0.01' >/dev/null ||
    fail "not the 10 s before the restart: $("$measure" "$work/body")"
[ "$(code '/api/history?since=-10m&limit=1000')" = 200 ] || fail "no history after the restart"
jq -e '[.phrases[].run] | unique | length == 2' "$work/body" >/dev/null ||
    fail "the history does not hold both runs: $(jq -c '[.phrases[].run] | unique' "$work/body")"
kill -TERM "$radio"
wait "$radio" || fail "the radio did not stop cleanly"
radio=
echo ok
