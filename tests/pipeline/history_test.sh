# ambient-render --history: a renderer played in real time (a reader taking a tenth of a
# second of audio every tenth of a second) keeps what it played; --from and --to render a stretch of it again, of the right length, as music.
source "$(dirname "$0")/lib.sh"
render="$AMBIENT_BIN/ambient-render"
command -v sqlite3 >/dev/null || { echo "sqlite3 not installed" >&2; exit 77; }

echo '{"version":1,"intensity":0.7}' >"$work/control.json"
"$chords" --phrases 2 --bars 2 --bpm 120 --seed 3 | "$melody" |
    "$render" --history "$work/h.db" --control "$work/control.json" -f s16le |
    while [ "$(dd iflag=fullblock bs=19200 count=1 status=none | wc -c)" -gt 0 ]; do sleep 0.1; done

[ "$(sqlite3 "$work/h.db" 'select count(*) from runs')" = 1 ] || fail "not one run"
[ "$(sqlite3 "$work/h.db" 'select count(*) from phrases')" = 2 ] || fail "not two phrases"
[ "$(sqlite3 "$work/h.db" "select json_extract(control, '\$.intensity') from controls")" = 0.7 ] ||
    fail "the control values are not kept"
sqlite3 "$work/h.db" 'select line from phrases order by sample' | jq -e -s 'length == 2 and .[1].seq == 1' >/dev/null ||
    fail "the phrases are not kept whole"
# Played in real time: the second phrase (4 s in) started about 4 s after the first.
gap=$(sqlite3 "$work/h.db" 'select max(time) - min(time) from phrases')
awk -v g="$gap" 'BEGIN { exit !(g > 3 && g < 6) }' || fail "phrases $gap s apart, not about 4"

# The stretch from 1 s to 3 s after the first phrase, again: 2 s of music.
first=$(sqlite3 "$work/h.db" 'select min(time) from phrases')
from=$(echo "$first + 1" | bc) to=$(echo "$first + 3" | bc)
expect_status 0 "rendering a stretch again" -- "$render" --history "$work/h.db" --from "$from" --to "$to" -o "$work/again.wav"
frames=$(soxi -s "$work/again.wav")
[ "$frames" -ge 95000 ] && [ "$frames" -le 97000 ] || fail "$frames frames, not 2 s"
rms=$(sox "$work/again.wav" -n stat 2>&1 | awk '/RMS +amplitude/ { print $3 }')
awk -v r="$rms" 'BEGIN { exit !(r > 0.01) }' || fail "the stretch is silent (RMS $rms)"
# Relative times, to stdout.
ago=$(echo "$(date +%s.%N) - $first" | bc)
"$render" --history "$work/h.db" --from "-${ago%.*}s" --to "$to" -f s16le | wc -c >"$work/bytes"
[ "$(cat "$work/bytes")" -gt 100000 ] || fail "no PCM on stdout for a relative time"

expect_status 65 "nothing played then" -- "$render" --history "$work/h.db" --from 1000 --to 1010 -o "$work/x.wav"
expect_stderr "nothing played in that stretch" "the empty stretch is told"
[ ! -e "$work/x.wav" ] || fail "a file for an empty stretch"
expect_status 64 "--from without --history" -- "$render" --from -5s -o "$work/x.wav"
expect_status 64 "not a time" -- "$render" --history "$work/h.db" --from yesterday -o "$work/x.wav"
expect_stderr "not a time" "the bad time is told"
echo "not a database, but quite long enough to be looked at by SQLite" >"$work/text.db"
expect_status 65 "not a history" -- "$render" --history "$work/text.db" --from -5s -o "$work/x.wav"
expect_status 66 "no history there" -- "$render" --history "$work/typo.db" --from -5s -o "$work/x.wav"
expect_stderr "typo.db" "the missing history is named"
[ ! -e "$work/typo.db" ] || fail "re-rendering made an empty history where none was"
echo "history: ok"
