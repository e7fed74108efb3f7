#!/usr/bin/env bash
# scripts/radio, the README's first command, on the programs of this build: it serves the
# page and what is playing, follows a POST, stops every stage on TERM, and when a stage
# dies it names it and stops the rest with that stage's status.
source "$(dirname "$0")/lib.sh"
export AMBIENT_RADIO_BIN="$AMBIENT_BIN"
command -v curl >/dev/null || fail "curl is needed (scripts/setup installs it)"

# A port nobody listens on.
free_port() {
    local p
    for _ in $(seq 50); do
        p=$((20000 + RANDOM % 40000))
        (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
    fail "no free port"
}
# The radio runs in a session of its own (setsid): its process group is its pid, so
# what this test looks for and kills is never another test's.
stages() { pgrep -g "$radio" -f "$AMBIENT_BIN/ambient-" || true; }

start_radio() {
    port=$(free_port)
    setsid "$AMBIENT_SOURCE/scripts/radio" --port "$port" --key D --mode dorian --bars 2 \
        >"$work/out" 2>"$work/err" &
    radio=$!
    for _ in $(seq 100); do
        curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && return 0
        kill -0 "$radio" 2>/dev/null || fail "radio ended at start: $(cat "$work/err")"
        sleep 0.1
    done
    fail "radio did not serve: $(cat "$work/err")"
}
radio=
trap 'if [ -n "$radio" ]; then kill -9 -- "-$radio" 2>/dev/null || true; fi; rm -rf "$work"' EXIT

start_radio
grep -q "radio: http://127.0.0.1:$port/" "$work/err" || fail "radio does not print its address: $(cat "$work/err")"
curl -s "http://127.0.0.1:$port/" | grep -qi '<html' || fail "no page"
for _ in $(seq 50); do
    curl -s "http://127.0.0.1:$port/api/status" >"$work/status"
    jq -e '.playing.key == "D" and .playing.mode == "dorian"' "$work/status" >/dev/null && break
    sleep 0.1
done
jq -e '.playing.key == "D"' "$work/status" >/dev/null || fail "not playing D dorian: $(jq -c .playing "$work/status")"
curl -s -X POST -d '{"bpm":100}' "http://127.0.0.1:$port/api/control" >/dev/null
for _ in $(seq 100); do
    curl -s "http://127.0.0.1:$port/api/status" | jq -e '.playing.bpm == 100' >/dev/null && break
    sleep 0.1
done
curl -s "http://127.0.0.1:$port/api/status" | jq -e '.playing.bpm == 100' >/dev/null || fail "the radio did not follow a POST"

# TERM: every stage stops, status 0.
kill -TERM "$radio"
code=0
wait "$radio" || code=$?
[ "$code" -eq 0 ] || fail "radio exit $code on TERM: $(cat "$work/err")"
sleep 0.5
[ -z "$(stages)" ] || fail "stages left running after TERM: $(stages)"

# A stage dies: it is named, the rest stop, the radio exits with its status.
start_radio
pkill -KILL -g "$radio" -f "$AMBIENT_BIN/ambient-melody" || fail "no ambient-melody to kill"
code=0
wait "$radio" || code=$?
[ "$code" -eq 137 ] || fail "radio exit $code after a stage was killed: $(cat "$work/err")"
grep -q "radio: ambient-melody (exit 137) failed; stopping" "$work/err" || fail "the dead stage not named: $(cat "$work/err")"
sleep 0.5
[ -z "$(stages)" ] || fail "stages left running after a failure: $(stages)"
echo ok
