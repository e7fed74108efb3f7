#!/usr/bin/env bash
# A plain HTTP listener that stops reading loses whole pages of its own, never anyone
# else's, and is closed once it has been behind for --slow-listener-ms; a listener beside
# it gets every Ogg page.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/stream_lib.sh"
serve_pipeline "$work/log" --buffer-ms 300 --mp3-bitrate 320 --slow-listener-ms 2000 -- \
    "'$chords' --endless --seed 3 | '$melody' | '$perc' | '$AMBIENT_BIN/ambient-render'"
sleep 0.5
"$AMBIENT_TEST_TOOLS/http_listeners" --url "http://127.0.0.1:$port/stream.opus" --clients 3 --seconds 16 >"$work/good.json" &
good=$!
# The staller: asks for the MP3 stream (320 kbit/s fills buffers fastest) and never reads.
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /stream.mp3 HTTP/1.0\r\nHost: x\r\n\r\n' >&3
for _ in $(seq 300); do
    grep -q '"event":"http_listener_disconnected".*"format":"mp3".*"reason":"too slow"' "$work/log" && break
    sleep 0.1
done
grep -q '"event":"http_listener_behind"' "$work/log" || fail "the staller was never behind: $(grep http_ "$work/log" | tail -3)"
grep -q '"reason":"too slow"' "$work/log" || fail "the staller was not closed: $(grep http_ "$work/log" | tail -3)"
exec 3>&-
wait "$good" || true
jq -e '.connected == 3 and .gaps == 0 and .bad_pages == 0 and .closed_early == 0' "$work/good.json" >/dev/null ||
    fail "the others lost pages: $(cat "$work/good.json")"
status=$(curl -s "http://127.0.0.1:$port/api/status")
jq -e '.http_listeners.dropped == 1 and .http_listeners.pages_dropped > 0' <<<"$status" >/dev/null ||
    fail "not counted: $(jq -c .http_listeners <<<"$status")"
echo ok
