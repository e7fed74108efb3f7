#!/usr/bin/env bash
# ambient-stream end to end: real PCM through a pipe, real WebSocket clients, real HTTP.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/stream_lib.sh"
command -v curl >/dev/null || fail "curl is needed (scripts/setup installs it)"

# 1. Listeners get a hello and gapless frames for 10 s, while one listener never reads
#    and one vanishes halfway through a frame.
serve_pipeline "$work/log" -- "sox -q -n -r 48000 -c 2 -b 32 -e floating-point -t raw - synth 20 sine 440 gain -6"
"$client" --url "ws://127.0.0.1:$port/ws/stream" --clients 4 --seconds 10 --stallers 2 --vanishers 2 \
    >"$work/report.json" || fail "listeners failed: $(cat "$work/report.json")"
r="$work/report.json"
[ "$(json_field "$r" hellos_ok)" = true ] || fail "bad hello: $(cat "$r")"
[ "$(json_field "$r" headers_ok)" = true ] || fail "bad frame headers: $(cat "$r")"
[ "$(json_field "$r" codec)" = opus ] || fail "default codec is not opus: $(cat "$r")"
[ "$(json_field "$r" gaps)" -eq 0 ] || fail "sequence gaps: $(cat "$r")"
# 10 s at 50 frames/s: allow for the connect, a pre-roll and a busy machine.
[ "$(json_field "$r" frames_min)" -ge 480 ] || fail "too few frames in 10 s: $(cat "$r")"
[ "$(json_field "$r" vanished)" -eq 2 ] || fail "vanishing listeners did not run: $(cat "$r")"
awk -v s="$(json_field "$r" max_stall_ms)" 'BEGIN { exit !(s < 1000) }' ||
    fail "a listener waited $(json_field "$r" max_stall_ms) ms for a frame"

# 2. HTTP beside the WebSocket, on the same port.
[ "$(http_status /api/status)" = 200 ] || fail "/api/status"
jq -e '.codec == "opus" and .frames > 400 and .clients >= 0 and .input == "flowing"' "$work/body" \
    >/dev/null || fail "/api/status: $(cat "$work/body")"
[ "$(http_status /healthz)" = 200 ] || fail "/healthz while flowing: $(cat "$work/body")"
[ "$(http_status /metrics)" = 200 ] || fail "/metrics"
grep -Eq '^ambient_stream_frames_total [0-9]+' "$work/body" || fail "/metrics lacks frames: $(cat "$work/body")"
grep -q '^# TYPE ambient_stream_clients gauge' "$work/body" || fail "/metrics lacks TYPE lines"
[ "$(http_status /)" = 200 ] || fail "/ (the page)"
grep -qi '<html' "$work/body" || fail "/ is not the page"
[ "$(http_status /nothing-here)" = 404 ] || fail "unknown path is not 404"
[ "$(http_status /../../etc/passwd --path-as-is)" = 404 ] || fail "path traversal"
[ "$(http_status /%2e%2e/%2e%2e/etc/passwd --path-as-is)" = 404 ] || fail "encoded traversal"
[ "$(http_status /ws/stream)" = 426 ] || fail "plain GET of the socket is not 426"
[ "$(http_status / -X POST)" = 405 ] || fail "POST / is not 405"
"$client" --url "ws://127.0.0.1:$port/ws/elsewhere" --seconds 1 >"$r" && fail "socket on another path accepted"
grep -q '404' "$r" || fail "socket on another path: $(cat "$r")"
# An upgrade asking for a codec there is not, or for none (?codec=), is refused with 400.
for codec in mp3 ''; do
    code=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' -H "Connection: Upgrade" -H "Upgrade: websocket" \
        -H "Sec-WebSocket-Version: 13" -H "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==" \
        "http://127.0.0.1:$port/ws/stream?codec=$codec")
    [ "$code" = 400 ] || fail "?codec=$codec upgrade answered $code, not 400"
done

# 3. A listener that never reads loses its own frames; the others lose none.
"$client" --url "ws://127.0.0.1:$port/ws/stream?codec=pcm" --clients 2 --seconds 4 --stallers 3 \
    >"$r" || fail "pcm listeners failed: $(cat "$r")"
[ "$(json_field "$r" codec)" = pcm ] || fail "?codec=pcm ignored: $(cat "$r")"
[ "$(json_field "$r" gaps)" -eq 0 ] || fail "a stalled listener cost the others frames: $(cat "$r")"
http_status /api/status >/dev/null
jq -e '.frames_dropped > 0' "$work/body" >/dev/null || fail "stalled listeners lost nothing: $(cat "$work/body")"

# 4. End of input: the buffer plays out, listeners get a normal close, the server exits 0.
"$client" --url "ws://127.0.0.1:$port/ws/stream" --seconds 30 --until-close >"$r" || true
[ "$(jq -r '.close_codes["1000"]' "$r")" = 1 ] || fail "no normal close at the end: $(cat "$r")"
[ "$(json_field "$r" close_reason)" = "end of stream" ] || fail "close reason: $(cat "$r")"
wait_exit "$server_pid" 5
[ "$exit_status" -eq 0 ] || fail "ambient-stream exit $exit_status at end of input: $(cat "$work/log")"
grep -q '"event":"client_disconnected"' "$work/log" || fail "no disconnect logged"
grep -q '"event":"stopped"' "$work/log" || fail "no stop logged"
while read -r line; do
    echo "$line" | jq -e '.time and .level and .event' >/dev/null || fail "log line is not JSON: $line"
done <"$work/log"

echo "ok"
