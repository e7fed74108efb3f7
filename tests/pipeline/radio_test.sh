#!/usr/bin/env bash
# ambient-radio as an installer uses it (through scripts/radio, the README's first command):
# it prints its address and serves the page and what is playing, follows a POST, and when
# any stage is killed (-9) with a listener connected, the listener stays, the music comes
# back, /api/status and /metrics count the restart. TERM stops everything, nothing left.
source "$(dirname "$0")/lib.sh"
export AMBIENT_RADIO_BIN="$AMBIENT_BIN"
client="$AMBIENT_TEST_TOOLS/stream_client"
command -v curl >/dev/null || fail "curl is needed (scripts/setup installs it)"

# The radio runs in a session of its own (setsid): its stages keep that session (each in
# a process group of its own), so what this test looks for is never another test's.
left() { pgrep -s "$radio" || true; }
status() { curl -s "http://127.0.0.1:$port/api/status"; }
# (The server has no .radio until the supervisor's first report: nothing, not an error.)
stage_field() { status | jq -r "(.radio.stages // [])[] | select(.name == \"$1\") | .$2"; }

start_radio() {
    port=$(free_port)
    setsid "$AMBIENT_SOURCE/scripts/radio" --port "$port" --state-dir "$work/state" \
        --key D --mode dorian --bars 2 --model default "$@" >"$work/out" 2>"$work/err" &
    radio=$!
    for _ in $(seq 150); do
        curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break
        kill -0 "$radio" 2>/dev/null || fail "radio ended at start: $(cat "$work/err")"
        sleep 0.1
    done
    curl -s -o /dev/null "http://127.0.0.1:$port/healthz" || fail "radio did not serve: $(tail -5 "$work/err")"
    # The server answers before the supervisor's first report of its stages reaches it.
    for _ in $(seq 150); do
        [ "$(status | jq '.radio.stages // [] | length')" = 5 ] && return 0
        sleep 0.1
    done
    fail "no stages in the status: $(status | jq -c .radio)"
}
radio=
trap 'if [ -n "$radio" ]; then kill -9 -- $(pgrep -s "$radio") 2>/dev/null || true; fi; [ -z "${steering:-}" ] || kill "$steering" 2>/dev/null; rm -rf "$work"' EXIT

start_radio
for _ in $(seq 50); do grep -qx "http://127.0.0.1:$port/" "$work/out" && break; sleep 0.1; done
grep -qx "http://127.0.0.1:$port/" "$work/out" || fail "radio does not print its address: $(cat "$work/out")"
grep -qi '<html' <<<"$(curl -s "http://127.0.0.1:$port/")" || fail "no page"
for _ in $(seq 100); do
    status | jq -e '.playing.key == "D" and .playing.mode == "dorian" and .input == "flowing"' >/dev/null && break
    sleep 0.1
done
status | jq -e '.playing.key == "D"' >/dev/null || fail "not playing D dorian: $(status | jq -c .playing)"
status | jq -e '[.radio.stages[].name] == ["chords","melody","perc","render","stream"] and
    all(.radio.stages[]; .state == "running" and (.pid | type) == "number" and .restarts == 0)' \
    >/dev/null || fail "stages not all running: $(status | jq -c .radio)"
[ -f "$work/state/control.json" ] && [ -s "$work/state/radio.log" ] || fail "no control file or log in the state folder"
# The renderer keeps the history in the state folder.
command -v sqlite3 >/dev/null || fail "sqlite3 is needed (scripts/setup installs it)"
for _ in $(seq 100); do
    [ "$(sqlite3 "$work/state/history.db" 'select count(*) from phrases' 2>/dev/null)" -ge 1 ] 2>/dev/null && break
    sleep 0.1
done
sqlite3 "$work/state/history.db" 'select line from phrases limit 1' | jq -e '.key == "D" and .mode == "dorian"' >/dev/null ||
    fail "no history of what played in the state folder"
# ... which the server serves: what played, and a stretch rendered again on a thread of the
# server's own (under ThreadSanitizer too, in scripts/test), two at once.
curl -s "http://127.0.0.1:$port/api/history?limit=1" | jq -e '.phrases[0].key == "D"' >/dev/null ||
    fail "GET /api/history: $(curl -s "http://127.0.0.1:$port/api/history?limit=1")"
for _ in $(seq 80); do [ "$(status | jq '.uptime_s > 6')" = true ] && break; sleep 0.1; done
downloads=()
for i in 1 2; do
    curl -s -o "$work/recording$i.wav" "http://127.0.0.1:$port/api/recording?last=3&format=wav" &
    downloads+=($!)
done
wait "${downloads[@]}"
for i in 1 2; do
    [ "$(stat -c %s "$work/recording$i.wav")" = $((44 + 3 * 48000 * 6)) ] ||
        fail "GET /api/recording: $(head -c 200 "$work/recording$i.wav")"
done
# --model: the melody stage composes with it, and the page's menu says so.
tr '\0' ' ' <"/proc/$(stage_field melody pid)/cmdline" | grep -q -- '--model default' ||
    fail "the melody stage was not given --model: $(tr '\0' ' ' <"/proc/$(stage_field melody pid)/cmdline")"
curl -s "http://127.0.0.1:$port/api/control" | jq -e '.model == "learned"' >/dev/null ||
    fail "the control does not say the model is chosen: $(curl -s "http://127.0.0.1:$port/api/control")"
grep -q '"warning\|warning:' "$work/err" && fail "warnings: $(grep warning "$work/err")"
jq -e . "$work/state/radio.log" >/dev/null || fail "the log is not JSON lines"
jq -se 'all(.[]; has("time") and has("level") and has("event"))' "$work/err" >/dev/null ||
    fail "stderr is not one JSON object a line: $(grep -v '^{' "$work/err" | head -3)"

# Every metric examples/grafana-dashboard.json queries is in /metrics.
curl -s "http://127.0.0.1:$port/metrics" >"$work/metrics"
queried=$(jq -r '.. | .expr? // empty' "$AMBIENT_SOURCE/examples/grafana-dashboard.json" | grep -oE 'ambient_[a-z_]+' | sort -u)
[ "$(wc -l <<<"$queried")" -ge 10 ] || fail "the dashboard queries too little: $queried"
for metric in $queried; do
    grep -qE "^$metric(\{| )" "$work/metrics" || fail "the dashboard queries $metric, not in /metrics"
done

curl -s -X POST -d '{"bpm":100}' "http://127.0.0.1:$port/api/control" >/dev/null
for _ in $(seq 100); do
    status | jq -e '.playing.bpm == 100' >/dev/null && break
    sleep 0.1
done
status | jq -e '.playing.bpm == 100' >/dev/null || fail "the radio did not follow a POST"

# A listener (PCM, so it can hear the breaks) stays connected while each stage is killed.
"$client" --url "ws://127.0.0.1:$port/ws/stream?codec=pcm" --clients 1 --seconds 40 \
    --until-close >"$work/listener.json" &
listener=$!
# ... while the control changes every 0.3 s (the server's control thread beside its reader,
# encoder and network threads, under ThreadSanitizer in scripts/test).
steer() {
    local i=0 settings=('{"bpm":90}' '{"intensity":0.7}' '{"key":"A"}' '{"bpm":110,"intensity":0.3}' '{"key":"D"}')
    while :; do
        curl -s -o /dev/null -w '%{http_code}\n' -X POST -d "${settings[i % 5]}" "http://127.0.0.1:$port/api/control"
        i=$((i + 1))
        sleep 0.3
    done
}
steer >"$work/steer.codes" &
steering=$!
sleep 1
for stage in chords melody perc render; do
    pid=$(stage_field "$stage" pid)
    inputs=$(status | jq .inputs)
    kill -9 "$pid" || fail "no $stage to kill"
    # Music back means a new input seen flowing within 10 s; judged from that look, not a
    # second one (which, on a busy machine, can fall between two chunks of the new input).
    back=0
    for _ in $(seq 100); do
        if [ "$(stage_field "$stage" restarts)" -ge 1 ] && [ "$(status | jq .inputs)" -gt "$inputs" ] &&
            [ "$(status | jq -r .input)" = flowing ]; then
            back=1
            break
        fi
        sleep 0.1
    done
    [ "$(stage_field "$stage" restarts)" -ge 1 ] || fail "$stage not restarted: $(status | jq -c .radio)"
    [ "$back" = 1 ] || fail "no music after $stage was killed: $(status | jq -c .)"
    [ "$(stage_field "$stage" last_exit)" = "signal 9 (KILL)" ] || fail "$stage's last exit: $(stage_field "$stage" last_exit)"
    [ "$(stage_field "$stage" failures)" -eq 1 ] || fail "$stage failures: $(status | jq -c .radio) $(grep stage_ "$work/err" | tail -12)"
    sleep 1
done
grep -q '^ambient_radio_stage_restarts_total{stage="render"} [1-9]' <<<"$(curl -s "http://127.0.0.1:$port/metrics")" ||
    fail "no restarts in /metrics: $(curl -s "http://127.0.0.1:$port/metrics" | grep radio)"
kill -TERM "$listener" "$steering" 2>/dev/null || true
wait "$listener" || true
wait "$steering" 2>/dev/null || true
steering=
[ "$(grep -cx 200 "$work/steer.codes")" -ge 10 ] && ! grep -qvx 200 "$work/steer.codes" ||
    fail "control changes while stages were killed: $(sort "$work/steer.codes" | uniq -c | tr '\n' ' ')"
[ -s "$work/listener.json" ] || fail "the listener reported nothing"
jq -e '.failed == 0 and .closed_early == 0 and .headers_ok and .gaps == 0 and .frames_min > 100
    and .quiet_tail_ms < 1000' "$work/listener.json" >/dev/null ||
    fail "the listener did not stay and hear the music return: $(cat "$work/listener.json")"
jq -e '.break_edge_max < 0.03' "$work/listener.json" >/dev/null ||
    fail "a click at a break (the audio jumps at its edge): $(cat "$work/listener.json")"
jq -e '.break_ms_max < 5000' "$work/listener.json" >/dev/null ||
    fail "music took too long to return: $(cat "$work/listener.json")"

# A stage that hangs (stopped, not dead): the server hears nothing for 5 s and says so, and
# the radio makes the chain again.
# (Up to 30 s: 5 s to notice, then a new chain, on a machine busy with other tests.)
kill -STOP "$(stage_field render pid)"
for _ in $(seq 300); do
    status | jq -e '.radio.hangs == 1 and .input == "flowing"' >/dev/null && break
    sleep 0.1
done
status | jq -e '.radio.hangs == 1 and .input == "flowing"' >/dev/null || fail "a hung renderer was not replaced: $(status | jq -c '{input, radio}' || echo 'no status')"
grep -q '"event":"chain_hung"' "$work/err" || fail "the hang is not in the log"
# The server itself: restarted on the same port, a listener that comes back hears music,
# and the operator's plots keep what came before (samples older than the new server).
sleep 10.5  # the server keeps its samples every ten seconds
kill -9 "$(stage_field stream pid)"
for _ in $(seq 100); do
    [ "$(stage_field stream restarts 2>/dev/null)" = 1 ] && [ "$(status | jq -r .input)" = flowing ] && break
    sleep 0.1
done
[ "$(status | jq -r .input)" = flowing ] || fail "the server did not come back with music: $(tail -5 "$work/err")"
"$client" --url "ws://127.0.0.1:$port/ws/stream?codec=pcm" --clients 1 --seconds 2 >"$work/again.json"
[ -s "$work/again.json" ] || fail "the second listener reported nothing"
curl -s "http://127.0.0.1:$port/api/monitor" >"$work/monitor.json"
jq -e --argjson up "$(status | jq .uptime_s)" '(.t | length) > $up + 5' "$work/monitor.json" >/dev/null ||
    fail "the monitor's samples did not survive the server: $(jq '.t | length' "$work/monitor.json") samples, up $(status | jq .uptime_s) s"
grep -q '"event":"monitor_restored"' "$work/err" || fail "no monitor_restored in the log"
jq -e '.failed == 0 and .frames_min > 50' "$work/again.json" >/dev/null || fail "no music after the server restarted: $(cat "$work/again.json")"

# TERM: every stage stops, status 0, nothing left behind.
# (How quickly is scripts/bench-radio's to measure, not this test's to time.)
kill -TERM "$radio"
code=0
wait "$radio" || code=$?
[ "$code" -eq 0 ] || fail "radio exit $code on TERM: $(tail -5 "$work/err")"
sleep 0.2
[ -z "$(left)" ] || fail "processes left after TERM: $(ps -o pid,args -s "$radio")"
radio=

# Restarts leak nothing: descriptors and threads of the supervisor and the server are the
# same after 30 restarts of the chain (no backoff here) as before them.
start_radio --backoff-initial 0 --backoff-max 0
sup=$(pgrep -s "$radio" -x ambient-radio)
server=$(stage_field stream pid)
kill_render() {
    local old new
    old=$(stage_field render pid)
    kill -9 "$old"
    for _ in $(seq 300); do
        new=$(stage_field render pid)
        [ "$new" != "$old" ] && [ "$new" != null ] && [ "$(status | jq -r .input)" = flowing ] && return
        sleep 0.05
    done
    fail "the renderer did not come back: $(tail -3 "$work/err")"
}
held() { echo "$(ls "/proc/$1/fd" | wc -l) $(awk '/^Threads/ {print $2}' "/proc/$1/status")"; }
kill_render
sleep 1.2
before="$(held "$sup") $(held "$server")"
for _ in $(seq 30); do kill_render; done
sleep 1.2
after="$(held "$sup") $(held "$server")"
[ "$before" = "$after" ] || fail "descriptors and threads (radio fds threads, server fds threads) went from $before to $after"
kill -TERM "$radio"; wait "$radio" || true; radio=

# A journey that ends (as sleep does) plays out: the composer finishes, the stages after it
# play what they hold, tails included, and end by themselves; then the radio starts it again.
cat >"$work/short.json" <<'JSON'
{"repeat": false, "transition": 0,
 "scenes": [{"name": "one", "bars": 2, "key": "E", "bpm": 160, "preset": "keys"},
            {"name": "two", "bars": 2, "key": "A", "bpm": 160, "preset": "glass"}]}
JSON
start_radio --journey "$work/short.json"
for _ in $(seq 300); do
    [ "$(stage_field chords restarts)" -ge 1 ] && [ "$(stage_field render restarts)" -ge 1 ] && break
    sleep 0.1
done
[ "$(stage_field chords restarts)" -ge 1 ] || fail "the ended journey did not start again: $(status | jq -c .radio)"
grep '"event":"stage_ended"' "$work/err" | grep '"stage":"render"' | grep -q 'its input or output ended' ||
    fail "the renderer did not play out and end by itself: $(grep stage_ "$work/err" | head -8)"
for stage in chords melody perc render; do
    [ "$(stage_field "$stage" failures)" -eq 0 ] || fail "$stage counted a failure for music that ended"
done
for _ in $(seq 100); do status | jq -e '.playing.scene and .input == "flowing"' >/dev/null && break; sleep 0.1; done
status | jq -e '.playing.journey.journey == "short" and (.playing.scene == "one" or .playing.scene == "two")' >/dev/null ||
    fail "the journey's scene is not playing: $(status | jq -c .playing)"
kill -TERM "$radio"; wait "$radio" || true; radio=

# What cannot heal is said and ends the radio: a bad composer flag (the stage's own words
# in the log, its status), a state folder another radio holds, a missing program.
port=$(free_port)
code=0
setsid "$AMBIENT_BIN/ambient-radio" --programs "$AMBIENT_BIN" --port "$port" --state-dir "$work/bad" --key H >"$work/out" 2>"$work/err" || code=$?
[ "$code" -eq 64 ] || fail "a bad --key: exit $code, expected 64: $(tail -3 "$work/err")"
grep -q '"event":"giving_up","stage":"chords"' "$work/err" || fail "giving up not logged: $(cat "$work/err")"
grep -q 'ambient-chords: error:' "$work/err" || fail "the chords' message not in the log: $(cat "$work/err")"

start_radio
code=0
"$AMBIENT_BIN/ambient-radio" --programs "$AMBIENT_BIN" --port 0 --state-dir "$work/state" >/dev/null 2>"$work/err2" || code=$?
[ "$code" -eq 69 ] || fail "a second radio on one state folder: exit $code, expected 69"
grep -q "another ambient-radio uses this state folder (--state-dir $work/state)" "$work/err2" ||
    fail "unclear refusal: $(cat "$work/err2")"
kill -TERM "$radio"; wait "$radio" || true; radio=
code=0
"$AMBIENT_BIN/ambient-radio" --programs "$work/none" --state-dir "$work/s3" 2>"$work/err" || code=$?
[ "$code" -eq 69 ] || fail "missing programs: exit $code, expected 69"
grep -q "no such program" "$work/err" || fail "unclear: $(cat "$work/err")"
[ -z "${AMBIENT_SHOW:-}" ] || cat "$work/listener.json"
echo ok
