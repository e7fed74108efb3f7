# Malformed phrases: exit 65 naming the line, every phrase before it written.
source "$(dirname "$0")/lib.sh"

"$chords" --seed 5 --phrases 3 >"$work/good"
{ cat "$work/good"; echo '{"v":1,"seq":3,"key":"A",'; "$chords" --seed 6 --phrases 1; } >"$work/bad"

for tool in "$melody" "$perc"; do
    name=$(basename "$tool")
    expect_status 65 "$name malformed line" -- "$tool" --seed 1 "$work/bad"
    expect_stderr "^$name: error: bad phrase: not valid JSON.*\($work/bad line 4\)$" "$name names line 4"
    [ "$(wc -l <"$work/out")" -eq 3 ] || fail "$name: the three phrases before line 4 were not all written"
    jq -e -s '[.[].seq] == [0,1,2]' "$work/out" >/dev/null || fail "$name: wrong phrases before the bad line"

    expect_status 65 "$name malformed line on stdin" -- bash -c "\"$tool\" <\"$work/bad\""
    expect_stderr "\(stdin line 4\)" "$name names stdin line 4"

    expect_status 0 "$name --skip-bad" -- "$tool" --skip-bad "$work/bad"
    expect_stderr "^$name: warning: skipped bad phrase: .*line 4\)$" "$name warns on skip"
    [ "$(wc -l <"$work/out")" -eq 4 ] || fail "$name --skip-bad should write the other 4 phrases"

    expect_status 66 "$name missing input file" -- "$tool" "$work/missing.jsonl"
    expect_stderr "^$name: error: cannot open input: No such file or directory \($work/missing.jsonl\)$" "$name missing file"
done

# A well-formed line with bad values names the field.
sed -n 1p "$work/good" | jq -c '.mode = "hypodorian"' >"$work/mode"
expect_status 65 "unknown mode" -- "$melody" "$work/mode"
expect_stderr 'bad phrase: mode: unknown mode "hypodorian" \(.* line 1\)' "melody names the mode field"
sed -n 1p "$work/good" | jq -c '.chords[1].pitches = [60, 999]' >"$work/pitch"
expect_status 65 "pitch out of range" -- "$perc" "$work/pitch"
expect_stderr 'chords\[1\]\.pitches\[1\]: expected a MIDI note' "perc names the pitch"

# Hostile lines (#17): nesting 100 000 deep (it overflowed the stack of every reader as its
# value was copied) and numbers too large for a double (they were "internal errors", 70):
# 65 naming the line, the phrases before it written, in every program that reads phrases.
deep=$(printf '%*s' 100000 '' | tr ' ' '[')$(printf '%*s' 100000 '' | tr ' ' ']')
{ cat "$work/good"; echo "{\"v\":1,\"seq\":3,\"x\":$deep}"; } >"$work/deep"
sed -n 1p "$work/good" | jq -c '.seq = 3' | sed 's/"bpm":[0-9.]*/"bpm":70,"x":-1e309/' >"$work/huge_line"
cat "$work/good" "$work/huge_line" >"$work/huge"
# One validator (#17): perc, render and midi took a key, mode or tonic that melody refused.
sed -n 1p "$work/good" | jq -c '.key = "H" | .mode = "x"' >"$work/key"
sed -n 1p "$work/good" | jq -c '.tonic = .tonic + 1' >"$work/tonic"
# refused NAME FILE ERROR-REGEX: every program that reads phrases exits 65 with that error.
render="$AMBIENT_BIN/ambient-render" midi="$AMBIENT_BIN/ambient-midi"
refused() {
    local what=$1 file=$2 error=$3 tool name out
    for tool in "$melody" "$perc" "$render" "$midi"; do
        name=$(basename "$tool")
        out=()
        [ "$name" = ambient-midi ] && out=(-o "$work/out.mid")
        [ "$name" = ambient-render ] && out=(-f s16le)
        expect_status 65 "$name: $what" -- "$tool" "${out[@]}" "$file"
        expect_stderr "^$name: error: bad phrase: $error" "$name names it: $what"
    done
}
refused "deep nesting" "$work/deep" "nested deeper than 100 arrays and objects \($work/deep line 4\)$"
refused "huge number" "$work/huge" "not valid JSON: number overflow parsing '-1e309' \($work/huge line 4\)$"
refused "unknown key" "$work/key" 'key: unknown key "H"'
refused "tonic not in the key" "$work/tonic" "tonic: [0-9]+ is not a"
expect_status 65 "melody deep nesting" -- "$melody" "$work/deep"
[ "$(wc -l <"$work/out")" -eq 3 ] || fail "phrases before a deep line lost"
# Files given on the command line: the same rules, naming the file.
echo '{"a":[1e309]}' >"$work/huge.json"
expect_status 65 "transitions with a huge number" -- "$chords" --transitions "$work/huge.json" --phrases 1
expect_stderr "^ambient-chords: error: transitions is not valid JSON: number overflow parsing '1e309' \($work/huge.json\)$" "transitions file named"
echo "{\"x\":$deep}" >"$work/deep.json"
expect_status 65 "a deep patch" -- "$render" --patch "$work/deep.json" -f s16le "$work/good"
expect_stderr "^ambient-render: error: patch is nested deeper than 100 arrays and objects \($work/deep.json\)$" "patch file named"

# Truncated last line (no newline, cut mid-object): the phrases before it still come out.
{ cat "$work/good"; head -c 50 "$work/good"; } >"$work/truncated"
expect_status 65 "truncated last line" -- "$melody" "$work/truncated"
[ "$(wc -l <"$work/out")" -eq 3 ] || fail "phrases before a truncated line lost"
# A directory as input, and a full disk on output (74, naming stdout).
expect_status 66 "directory input" -- "$melody" "$work"
expect_stderr "^ambient-melody: error: cannot read input: it is a directory \($work\)$" "directory named"
expect_status 74 "chords to a full disk" -- bash -c "\"$chords\" --phrases 3 >/dev/full"
expect_stderr "^ambient-chords: error: write failed: No space left on device \(stdout\)$" "full disk named"
expect_status 74 "perc to a full disk" -- bash -c "\"$perc\" \"$work/good\" >/dev/full"
echo ok
