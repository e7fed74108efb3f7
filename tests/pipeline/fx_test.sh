# ambient-fx over raw PCM from sox and our own renderer.
source "$(dirname "$0")/lib.sh"
fx="$AMBIENT_BIN/ambient-fx"
measure="$AMBIENT_TEST_TOOLS/audio_measure"
field() { jq -r ".$1" "$work/m.json"; }
command -v sox >/dev/null || { echo "sox not installed" >&2; exit 77; }

# A 1 s burst through the reverb: the output rings on after the input and then ends.
sox -n -r 48000 -c 2 -t f32 - synth 1 pinknoise vol 0.3 >"$work/in.f32"
"$fx" --reverb --decay 3 <"$work/in.f32" | "$measure" --raw f32le 48000 2 >"$work/m.json"
frames=$(field frames)
[ "$frames" -gt 48000 ] && [ "$frames" -lt $((48000 * 8)) ] || fail "reverb tail: $frames frames"

# The limiter keeps a hot signal under its ceiling, true peak included, sample for sample aligned.
sox -n -r 48000 -c 2 -t f32 - synth 2 sine 997 vol 4 >"$work/hot.f32"
"$fx" --limiter --ceiling -3 <"$work/hot.f32" | "$measure" --raw f32le 48000 2 >"$work/m.json"
[ "$(field frames)" = 96000 ] || fail "limiter changed the length: $(field frames)"
awk -v tp="$(field true_peak_db)" 'BEGIN { exit !(tp <= -3.0) }' || fail "true peak $(field true_peak_db) over -3 dBTP"

# Any input (#17): a sine at 3e38 through the limiter comes out under its ceiling (it came
# out at 86 with its gain below 0); NaN and infinity become silence, with one warning, so a
# reverb's tail stays finite (one NaN made all that followed non-finite).
python3 -c "
import math, struct, sys
out = sys.stdout.buffer
for i in range(48000):
    v = 3e38 * math.sin(i * 0.05)
    out.write(struct.pack('<ff', v, -v))
out.write(struct.pack('<ff', float('nan'), float('inf')))
for i in range(48000):
    out.write(struct.pack('<ff', 0.3 * math.sin(i * 0.05), 0.3))
" >"$work/wild.f32"
expect_status 0 "limiter on 3e38 and NaN" -- bash -c "\"$fx\" --limiter <\"$work/wild.f32\""
expect_stderr "^ambient-fx: warning: non-finite input samples \(NaN or infinity\) are replaced by silence \(stdin frame 48000\)$" "the first NaN named"
expect_stderr "^ambient-fx: warning: 2 non-finite samples were replaced by silence \(stdin\)$" "the count"
python3 -c "
import math, struct, sys
d = open(sys.argv[1], 'rb').read()
v = struct.unpack('<%df' % (len(d) // 4), d)
bad = [x for x in v if not math.isfinite(x)]
peak = max(abs(x) for x in v)
sys.exit(0 if not bad and peak <= 10 ** (-1 / 20) else 'peak %g, %d non-finite' % (peak, len(bad)))
" "$work/out" || fail "limiter over its ceiling on a 3e38 sine"
python3 -c "
import math, struct, sys
out = sys.stdout.buffer
for i in range(96001):
    v = float('nan') if i == 48000 else 0.3 * math.sin(i * 0.05)
    out.write(struct.pack('<ff', v, v))
" | "$fx" --reverb --delay 2>/dev/null | tail -c 384000 >"$work/tail.f32"
python3 -c "
import math, struct, sys
d = open(sys.argv[1], 'rb').read()
v = struct.unpack('<%df' % (len(d) // 4), d)
sys.exit(0 if all(math.isfinite(x) for x in v) else 'non-finite samples after a NaN')
" "$work/tail.f32" || fail "a NaN made the reverb's tail non-finite"
# Huge but finite input through every effect: held at 120 dB over full scale on the way in,
# the reverb's and the delay's sums stay finite and the limiter holds its ceiling.
"$fx" --reverb --delay --limiter <"$work/wild.f32" 2>/dev/null >"$work/huge.f32"
python3 -c "
import math, struct, sys
d = open(sys.argv[1], 'rb').read()
v = struct.unpack('<%df' % (len(d) // 4), d)
bad = [x for x in v if not math.isfinite(x)]
peak = max(abs(x) for x in v)
sys.exit(0 if v and not bad and peak <= 10 ** (-1 / 20) else 'peak %g, %d non-finite' % (peak, len(bad)))
" "$work/huge.f32" || fail "3e38 through reverb, delay and limiter"

# Other formats: s16le mono at 44.1 kHz, with sox on both sides.
sox -n -r 44100 -c 1 -t s16 - synth 1 sine 440 vol 0.5 | "$fx" -f s16le -r 44100 -c 1 --delay --delay-ms 250 |
    sox -t s16 -r 44100 -c 1 - -n stats 2>"$work/stats" || fail "sox round trip"
grep -q "Length s" "$work/stats" || fail "sox could not read the output"

# A partial frame at the end: everything before it is written, then exit 65.
head -c 40003 "$work/in.f32" >"$work/cut.f32"
expect_status 65 "trailing partial frame" -- bash -c "\"$fx\" --limiter <\"$work/cut.f32\""
expect_stderr "^ambient-fx: error: input ends inside a frame: 3 trailing bytes of a 8-byte frame \(stdin\)$" "names it"
[ "$(stat -c %s "$work/out")" = 40000 ] || fail "the whole frames before the cut were not all written"

expect_status 64 "bad flag" -- "$fx" --decay 99
expect_status 0 "no effects: a plain copy" -- bash -c "\"$fx\" <\"$work/in.f32\""
cmp -s "$work/out" "$work/in.f32" || fail "with no effects the PCM should pass unchanged"
echo ok
