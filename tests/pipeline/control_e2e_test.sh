#!/usr/bin/env bash
# Steering end to end: the whole pipeline wired as scripts/radio wires it; a POST changes
# bpm, then key, and what /api/status says is playing (the audio leaving the server)
# follows. A broken control file written by hand keeps the music going.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/stream_lib.sh"
ctl="$work/control.json"
echo '{"version":0}' >"$ctl"
mkfifo "$work/meta"
c="--control $ctl"
serve_pipeline "$work/log" --buffer-ms 300 --control-file "$ctl" --meta "$work/meta" -- \
    "'$chords' --endless --seed 4 --bpm 70 --bars 2 $c | '$melody' $c | '$perc' $c | '$AMBIENT_BIN/ambient-render' $c --meta '$work/meta'"

# wait_playing JQ-CONDITION: until /api/status's "playing" meets it (10 s at most).
wait_playing() {
    for _ in $(seq 200); do
        http_status /api/status >/dev/null
        jq -e ".playing | $1" "$work/body" >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    fail "playing never met $1: $(jq -c .playing "$work/body")"
}
post() { curl -s -o "$work/answer" -w '%{http_code}' -X POST --data "$1" "http://127.0.0.1:$port/api/control"; }

wait_playing '.bpm == 70 and .control_version == 0'
[ "$(post '{"bpm":110}')" = 200 ] || fail "POST bpm: $(cat "$work/answer")"
wait_playing '.bpm == 110 and .control_version == 1'
[ "$(post '{"key":"Eb","intensity":0.9}')" = 200 ] || fail "POST key: $(cat "$work/answer")"
wait_playing '.key == "Eb" and .intensity == 0.9 and .control_version == 2'
# Later phrases are composed in the new key and tempo by the composers themselves.
wait_playing '.phrase >= 1 and .key == "Eb" and .bpm == 110'

# A control file broken by hand: every stage warns once and plays on.
echo '{"bpm": 1' >"$ctl"
sleep 1
[ "$(http_status /healthz)" = 200 ] || fail "the music stopped on a broken control file"
[ "$(post '{"bpm":80}')" = 200 ] || fail "POST after a broken file: $(cat "$work/answer")"
wait_playing '.bpm == 80 and .control_version == 3'
grep -q '"event":"playing"' "$work/log" || fail "no playing events logged"
echo ok
