# ambient-learn trains on a folder of ABC, MIDI and phrase files, reports what it read, and
# ambient-melody --model composes with the result; bad input and bad models are told, and
# nothing is lost.
source "$(dirname "$0")/lib.sh"
learn="$AMBIENT_BIN/ambient-learn"
midi="$AMBIENT_BIN/ambient-midi"

mkdir -p "$work/music/deeper"
cat >"$work/music/reel.abc" <<'EOF'
X:1
T:Test Reel
M:4/4
L:1/8
K:D
|:A2|"D"d2fd "A"c2ec|"G"B2dB "D"A2FA|"Em"G2BG "A7"E2FG|"D"F2D2 D2:|

X:2
T:Test Air
M:3/4
L:1/4
K:Am
"Am"A2 c|"G"B2 G|"F"A2 F|"E"E3|"Am"A>B c|"Dm"d2 f|"E"e2 ^G|"Am"A3|]
EOF
"$chords" --phrases 3 --seed 4 | "$melody" >"$work/music/deeper/phrases.jsonl"
"$chords" --phrases 2 --seed 9 --key D --mode dorian | "$melody" | "$midi" -o "$work/music/deeper/song.mid"
echo "not music" >"$work/music/notes.txt"
printf 'MThd\0\0\0\6' >"$work/music/broken.mid"

# The report: files, tunes, notes, what was skipped and why, held-out figures.
# Files named on their own are read by what they begin with; in a folder, other kinds are
# passed over.
cp "$work/music/reel.abc" "$work/reel.tunes"
expect_status 0 "learning from a folder" -- "$learn" --holdout 2 -o "$work/m.model" "$work/music" \
    "$work/music/notes.txt" "$work/reel.tunes"
grep -Eq '^read 6 files: 8 tunes, [0-9]+ notes; 2 skipped$' "$work/out" || fail "report: $(cat "$work/out")"
grep -q 'skipped .*notes.txt: not ABC, MIDI or phrases' "$work/out" || fail "the .txt is not named: $(cat "$work/out")"
grep -q 'skipped .*broken.mid: ' "$work/out" || fail "the broken MIDI file is not named: $(cat "$work/out")"
grep -Eq '^held out 4 tunes \([0-9]+ notes\): [0-9.]+ nats per note, the count model [0-9.]+$' "$work/out" ||
    fail "no held-out figures: $(cat "$work/out")"
head -c 8 "$work/m.model" | grep -q AMBMELOD || fail "the model does not begin with AMBMELOD"
expect_status 0 "the JSON report" -- "$learn" --json --holdout 0 -o "$work/m2.model" "$work/music" \
    "$work/music/notes.txt" "$work/reel.tunes"
jq -e '.tunes == 8 and .files == 6 and (.skipped | length) == 2 and .model_bytes > 100
    and .held_out == null' "$work/out" >/dev/null || fail "JSON report: $(cat "$work/out")"
cmp -s "$work/m.model" "$work/m2.model" || fail "the same music gave different models"

# Composing with it: every phrase gets a melody, different from the rules', the same each run.
"$chords" --phrases 6 --seed 11 >"$work/c.jsonl"
"$melody" "$work/c.jsonl" >"$work/rules.jsonl"
expect_status 0 "melody with the model" -- "$melody" --model "$work/m.model" "$work/c.jsonl"
[ ! -s "$work/err" ] || fail "warnings with a good model: $(cat "$work/err")"
cp "$work/out" "$work/learned.jsonl"
[ "$(jq -s 'map(.melody | length > 0) | all' "$work/learned.jsonl")" = true ] || fail "a phrase without melody"
cmp -s "$work/rules.jsonl" "$work/learned.jsonl" && fail "the model changed nothing"
"$melody" --model "$work/m.model" "$work/c.jsonl" | cmp -s - "$work/learned.jsonl" || fail "not deterministic"
"$melody" --model "$work/m.model" --temperature 2 "$work/c.jsonl" | cmp -s - "$work/learned.jsonl" &&
    fail "--temperature changed nothing"
expect_status 64 "a temperature out of range" -- "$melody" --model default --temperature 3 "$work/c.jsonl"
expect_status 0 "the default model" -- "$melody" --model default "$work/c.jsonl"
[ ! -s "$work/err" ] || fail "the default model was not found: $(cat "$work/err")"
cmp -s "$work/out" "$work/rules.jsonl" && fail "the default model changed nothing"

# The control file's "model" chooses live: "learned" is the --model given, else the default;
# "rules" is the rules, whatever the flag.
cp "$work/out" "$work/default.jsonl"
echo '{"version":1,"model":"learned"}' >"$work/control.json"
"$melody" --control "$work/control.json" "$work/c.jsonl" | cmp -s - "$work/default.jsonl" ||
    fail "control learned without --model is not the default model"
"$melody" --control "$work/control.json" --model "$work/m.model" "$work/c.jsonl" |
    cmp -s - "$work/learned.jsonl" || fail "control learned is not the --model given"
echo '{"version":2,"model":"rules"}' >"$work/control.json"
"$melody" --control "$work/control.json" --model "$work/m.model" "$work/c.jsonl" |
    cmp -s - "$work/rules.jsonl" || fail "control rules did not bring the rules back"

# A model that cannot be read: one warning naming it, and the rules' melody.
head -c 300 "$work/m.model" >"$work/short.model"
for case in "short.model:checksum does not match" "music/reel.abc:does not begin with AMBMELOD" \
    "none.model:cannot open the melody model"; do
    bad=$work/${case%%:*}
    expect_status 0 "a bad model ($bad)" -- "$melody" --model "$bad" "$work/c.jsonl"
    expect_stderr "${case#*:}" "what is wrong with $bad"
    [ "$(wc -l <"$work/err")" -eq 1 ] || fail "not one warning for $bad: $(cat "$work/err")"
    expect_stderr "warning: .*; the rules choose the pitches" "a bad model is told"
    grep -qF "$bad" "$work/err" || fail "the warning does not name $bad: $(cat "$work/err")"
    cmp -s "$work/out" "$work/rules.jsonl" || fail "with a bad model, not the rules' melody"
done

# Bad input to ambient-learn: the documented exit codes, and the old model stays.
cp "$work/m.model" "$work/keep.model"
expect_status 66 "a path that is not there" -- "$learn" -o "$work/m.model" "$work/music" "$work/nowhere"
expect_stderr "nowhere" "the missing path is named"
mkdir "$work/junk" && cp "$work/music/notes.txt" "$work/music/broken.mid" "$work/junk/"
expect_status 65 "nothing to learn from" -- "$learn" -o "$work/m.model" "$work/junk" "$work/junk/notes.txt"
expect_stderr "no tunes to learn from in 2 files: .*notes.txt: not ABC, MIDI or phrases" "why nothing was learnt"
cmp -s "$work/m.model" "$work/keep.model" || fail "a failed run changed the old model"
# A few bytes that say a note lasts a million bars: read in a moment (it took 16 s).
expect_status 65 "a note of a million bars" -- timeout 10 "$learn" -o "$work/m.model" \
    "$AMBIENT_SOURCE/tests/fuzz/regressions/midi_file/note-of-a-million-bars-took-16-s-to-learn-from"
expect_status 74 "a model that cannot be written" -- "$learn" -o "$work/no/such/dir/m.model" "$work/music"
# A full disk: 74 naming the file, the old model intact, nothing left beside it.
mkdir "$work/disk"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k tmpfs "$work/disk" 2>/dev/null; then
    cp "$work/keep.model" "$work/disk/m.model"
    dd if=/dev/zero of="$work/disk/filler" bs=4k count=64 2>/dev/null || true
    status=0
    "$learn" -o "$work/disk/m.model" "$work/music" >/dev/null 2>"$work/err" || status=$?
    cmp -s "$work/disk/m.model" "$work/keep.model" && kept=yes || kept=no
    left=$(ls -A "$work/disk" | tr '\n' ' ')
    umount "$work/disk" # before any check can fail
    [ "$status" = 74 ] || fail "learning onto a full disk: exit $status, not 74: $(cat "$work/err")"
    expect_stderr "No space left on device" "full disk named"
    [ "$kept" = yes ] || fail "a full disk changed the old model"
    [ "$left" = "filler m.model " ] || fail "a full disk left $left"
fi
expect_status 64 "no output named" -- "$learn" "$work/music"
[ -z "$(find "$work" -name '*.tmp*')" ] || fail "temporary files left: $(find "$work" -name '*.tmp*')"
# examples/learn.sh: learn from a folder of MIDI files, compose and render with the model.
mkdir "$work/example" "$work/midi" && cp "$work/music/deeper/song.mid" "$work/midi/"
(bin=$(cd "$AMBIENT_BIN" && pwd) && cd "$work/example" && AMBIENT_BIN=$bin PHRASES=1 NO_PLAY=1 bash "$AMBIENT_SOURCE/examples/learn.sh" "$work/midi") \
    >"$work/out" 2>&1 || fail "examples/learn.sh: $(cat "$work/out")"
for f in learned.model learned.wav rules.wav; do [ -s "$work/example/$f" ] || fail "examples/learn.sh wrote no $f"; done
cmp -s "$work/example/learned.wav" "$work/example/rules.wav" && fail "examples/learn.sh: the model's piece is the rules'"
echo "learn: ok"
