# The issue's acceptance pipeline: three phrases in the DESIGN.md format, identical every run.
source "$(dirname "$0")/lib.sh"

compose() {
    "$chords" --key D --mode dorian --seed "$1" --bars 8 --phrases 3 | "$melody" --seed 7 | "$perc" --seed 7
}
compose 7 >"$work/a"
compose 7 >"$work/b"
compose 8 >"$work/c"
cmp -s "$work/a" "$work/b" || fail "same seed gave different output"
cmp -s "$work/a" "$work/c" && fail "another seed gave the same output"
[ "$(wc -l <"$work/a")" -eq 3 ] || fail "expected 3 lines"

# Each line is one phrase with the DESIGN.md fields.
jq -e -s '
  length == 3 and ([.[].seq] == [0,1,2]) and
  all(.[]; .v == 1 and .key == "D" and .mode == "dorian" and .tonic == 50 and .bpm == 70 and
      .meter == [4,4] and .bars == 8 and (.seed | type) == "number" and
      (.chords | length) > 0 and (.melody | length) > 0 and
      all(.chords[]; has("bar") and has("beat") and has("beats") and has("degree") and has("root") and has("pitches")) and
      all(.melody[]; has("beat") and has("dur") and has("pitch") and has("vel")) and
      all(.percussion[]; has("beat") and has("dur") and has("kind") and has("vel")))' "$work/a" >/dev/null ||
    fail "phrases do not have the DESIGN.md shape: $(head -c 400 "$work/a")"

# A phrase's recorded seed makes that phrase again, melody and percussion included.
seed2=$(sed -n 2p "$work/a" | jq -r .seed)
"$chords" --key D --mode dorian --seed "$seed2" --phrases 1 | "$melody" --seed 7 | "$perc" --seed 7 |
    jq -c 'del(.seq)' >"$work/remade"
sed -n 2p "$work/a" | jq -c 'del(.seq)' | cmp -s - "$work/remade" || fail "a phrase's seed does not remake it"

# Through a file instead of a pipe: the same bytes.
"$chords" --key D --mode dorian --seed 7 --bars 8 --phrases 3 >"$work/chords.jsonl"
"$melody" --seed 7 "$work/chords.jsonl" >"$work/melody.jsonl"
"$perc" --seed 7 <"$work/melody.jsonl" | cmp -s - "$work/a" || fail "file input differs from pipe input"
echo ok
