# Bad flags are exit 64 with a message; --help and --version work.
source "$(dirname "$0")/lib.sh"

for args in "--bpm 200" "--bpm 39" "--key H" "--mode hypodorian" "--phrases 0" "--endless --phrases 2" \
    "--intensity 1.5" "--bars 0" "--order 3" "--colour maj13" "--register 72:48" "--meter 9/8" "--frobnicate" \
    "--seed -4"; do
    # shellcheck disable=SC2086
    expect_status 64 "ambient-chords $args" -- "$chords" $args
    expect_stderr "^ambient-chords: error: .*\(command line; see --help\)$" "ambient-chords $args message"
    [ -s "$work/out" ] && fail "ambient-chords $args wrote to stdout"
done
for tool in "$melody" "$perc"; do
    for args in "--density 2" "--frobnicate" "a.jsonl b.jsonl"; do
        # shellcheck disable=SC2086
        expect_status 64 "$(basename "$tool") $args" -- "$tool" $args
    done
done
expect_status 64 "melody --range" -- "$melody" --range 84:60

for tool in "$chords" "$melody" "$perc"; do
    name=$(basename "$tool")
    expect_status 0 "$name --help" -- "$tool" --help
    grep -q "^Usage: $name" "$work/out" || fail "$name --help has no usage on stdout"
    expect_status 0 "$name --version" -- "$tool" --version
    grep -Eq "^$name [0-9]+\.[0-9]+\.[0-9]+$" "$work/out" || fail "$name --version: $(cat "$work/out")"
done

# Transition tables: a missing file is 66, a bad row 65 naming the row and the file.
expect_status 66 "missing transitions" -- "$chords" --transitions "$work/none.json"
echo '{"transitions":{"i":{"VI":0.5,"iv":0.4},"VI":{"i":1},"iv":{"i":1}}}' >"$work/t.json"
expect_status 65 "bad transitions" -- "$chords" --transitions "$work/t.json"
expect_stderr "bad transitions: row \"i\": probabilities sum to 0.9.*\($work/t.json\)" "names the row"
echo '{"transitions":{"i":{"VI":1},"VI":{"i":0.5,"XI":0.5}}}' >"$work/t.json"
expect_status 65 "unknown degree" -- "$chords" --transitions "$work/t.json"
expect_stderr 'row "VI": unknown degree "XI"' "names the degree"
echo '{"transitions":{"i":{"VI":1},"VI":{"i":1}}}' >"$work/t.json"
expect_status 0 "good transitions" -- "$chords" --transitions "$work/t.json" --seed 1
jq -e '[.chords[].degree] | all(. == "i" or . == "VI")' "$work/out" >/dev/null || fail "table not followed"
echo ok
