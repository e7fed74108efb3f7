#!/usr/bin/env bash
# ambient-stream against hostile clients, while a healthy listener listens: slow headers,
# idle sockets, oversized headers and bodies, bad WebSocket frames, ping floods, too many
# connections from one address. Each is closed with the right status; the healthy
# listener loses no frame and /healthz keeps answering.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/stream_lib.sh"
hostile="$AMBIENT_TEST_TOOLS/hostile_client"

serve_pipeline "$work/log" --codec pcm --max-per-address 4 -- \
    "sox -q -n -r 48000 -c 2 -b 32 -e floating-point -t raw - synth 60 sine 440 gain -6"
"$client" --url "ws://127.0.0.1:$port/ws/stream" --seconds 16 >"$work/healthy" &
healthy=$!
sleep 0.5

# Headers a byte at a time (slowloris): closed when the 5 s handshake time is up.
"$hostile" --port "$port" --mode slowloris --seconds 10 >"$work/slow" &
slow=$!
# 200 sockets that never send: all closed by the server within the same time.
"$hostile" --port "$port" --mode idle --count 200 --seconds 9 >"$work/idle" &
idle=$!
sleep 1
[ "$(http_status /healthz)" = 200 ] || fail "/healthz under idle sockets: $(cat "$work/body")"

# What the server refuses at once.
expect_hostile() { # WHAT FIELD WANT ARGS...: one hostile_client run, one field checked
    local what=$1 field=$2 want=$3
    shift 3
    "$hostile" --port "$port" --seconds 3 "$@" >"$work/h" || fail "$what: hostile_client failed"
    [ "$(jq ".$field" "$work/h")" = "$want" ] || fail "$what: want $field $want: $(cat "$work/h")"
    jq -e '.closed_after_ms >= 0' "$work/h" >/dev/null || fail "$what: not closed: $(cat "$work/h")"
}
expect_hostile "a 32 KiB header" status 431 --mode big-header
expect_hostile "a 100 KB control body" status 413 --mode big-body
# Without Sec-WebSocket-Version websocketpp took hixie-76 and answered 500 (found by hand).
expect_hostile "an upgrade without Sec-WebSocket-Version" status 400 --mode handshake --missing version
expect_hostile "an upgrade without Sec-WebSocket-Key" status 400 --mode handshake --missing key
expect_hostile "an unmasked frame" close_code 1002 --mode frame --frame unmasked
expect_hostile "a reserved opcode" close_code 1002 --mode frame --frame reserved-opcode
expect_hostile "reserved bits" close_code 1002 --mode frame --frame rsv-bits
expect_hostile "a continuation with nothing to continue" close_code 1002 --mode frame --frame continuation
expect_hostile "an 8 KiB message" close_code 1009 --mode frame --frame oversized
expect_hostile "a fragmented 6 KB message" close_code 1009 --mode frame --frame fragmented-oversized
expect_hostile "a ping flood" close_code 1008 --mode frame --frame ping-flood --count 200
grep -q '"reason":"ping flood"' "$work/log" || fail "the ping flood was not logged"

# A control body with bytes that are not UTF-8: a 400 that shows them, and the server lives
# (the error's JSON could not be written, and the exception ended the server: found by
# fuzz_control_body).
printf '{"bpm":7\377}' >"$work/bad.json"
[ "$(http_status /api/control -X POST --data-binary @"$work/bad.json")" = 400 ] ||
    fail "a body that is not UTF-8: $(cat "$work/body")"
grep -q 'last read: .7\\\\xFF' "$work/body" || fail "the bad byte is not shown: $(cat "$work/body")"

# One address: four listeners at most (the healthy one is the first); more get 429.
"$hostile" --port "$port" --mode connections --count 5 --seconds 1 >"$work/many"
jq -e '.upgraded == 3 and .refused == 2' "$work/many" >/dev/null || fail "per-address cap: $(cat "$work/many")"
grep -q '"reason":"too many from this address"' "$work/log" || fail "the refusal was not logged"
# Their places are given back: an HTTP listener gets in now, a sixth would not.
curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/stream.mp3" >"$work/code" || true
[ "$(cat "$work/code")" = 200 ] || fail "a place was not given back: HTTP $(cat "$work/code")"

wait "$slow" "$idle"
jq -e '.closed_after_ms >= 4000 and .closed_after_ms <= 8000' "$work/slow" >/dev/null ||
    fail "slowloris not closed at the handshake timeout: $(cat "$work/slow")"
jq -e '.opened == 200 and .closed_by_server == 200 and .last_closed_ms <= 8000' "$work/idle" >/dev/null ||
    fail "idle sockets not closed: $(cat "$work/idle")"

wait "$healthy" || fail "the healthy listener failed: $(cat "$work/healthy")"
jq -e '.lost == 0 and .gaps == 0 and .closed_early == 0 and .frames_min >= 700' "$work/healthy" >/dev/null ||
    fail "the healthy listener suffered: $(cat "$work/healthy")"
[ "$(http_status /healthz)" = 200 ] || fail "/healthz after it all: $(cat "$work/body")"
kill -TERM "$server_pid"
echo ok
