#!/usr/bin/env bash
# A short load test: CLIENTS listeners (default 50) for SECONDS (default 5) on loopback,
# fed by the real renderer. Every listener must get every frame and none may be held up
# (a second without a frame); prints the longest wait, the server's CPU and memory per
# listener. The targets themselves (no wait over 100 ms for 1000 listeners, < 64 KiB each)
# are measured by scripts/bench-stream, not asserted here.
source "$(dirname "$0")/../pipeline/lib.sh"
source "$(dirname "$0")/../pipeline/stream_lib.sh"
clients=${CLIENTS:-50}
seconds=${SECONDS_RUN:-5}

serve_pipeline "$work/log" --max-clients $((clients + 10)) -- \
    "'$chords' --endless --seed 5 | '$melody' --seed 5 | '$perc' --seed 5 | '$AMBIENT_BIN/ambient-render'"
sleep 0.5
"$client" --url "ws://127.0.0.1:$port/ws/stream" --clients "$clients" --seconds "$seconds" \
    --server-pid "$server_pid" >"$work/r" || fail "listeners failed: $(cat "$work/r")"
echo "$(cat "$work/r")"
r="$work/r"
[ "$(jq .failed "$r")" -eq 0 ] || fail "listeners could not connect"
[ "$(jq .gaps "$r")" -eq 0 ] || fail "listeners lost frames: $(jq .lost "$r")"
[ "$(jq .headers_ok "$r")" = true ] || fail "bad frames"
min=$((seconds * 50 - 25))
[ "$(jq .frames_min "$r")" -ge "$min" ] || fail "a listener got $(jq .frames_min "$r") frames, expected >= $min"
awk -v s="$(jq .max_stall_ms "$r")" 'BEGIN { exit !(s < 1000) }' || fail "a listener waited $(jq .max_stall_ms "$r") ms"

# Plain HTTP listeners of /stream.opus beside them: every Ogg page reaches every one.
"$AMBIENT_TEST_TOOLS/http_listeners" --url "http://127.0.0.1:$port/stream.opus" --clients "$clients" \
    --seconds "$seconds" >"$work/h" || fail "HTTP listeners failed: $(cat "$work/h")"
echo "$(cat "$work/h")"
jq -e '.gaps == 0 and .bad_pages == 0 and .closed_early == 0' "$work/h" >/dev/null || fail "HTTP listeners lost pages: $(cat "$work/h")"
[ "$(jq .pages_min "$work/h")" -ge $((seconds * 10 - 5)) ] || fail "an HTTP listener got $(jq .pages_min "$work/h") pages"
kill -TERM "$server_pid"
wait_exit "$server_pid" 3
[ "$exit_status" -eq 0 ] || fail "server exit $exit_status"
echo ok
