# Fields a stage does not know pass through it untouched, at every level.
source "$(dirname "$0")/lib.sh"

"$chords" --seed 3 --phrases 2 |
    jq -c '. + {"lyrics":"la","zz":{"n":[1,2]}} | .chords[0].inversion = 1' >"$work/in"
"$melody" <"$work/in" | jq -c '.melody[0].articulation = "legato"' | "$perc" >"$work/out"
jq -e -s 'all(.[]; .lyrics == "la" and .zz == {"n":[1,2]} and .chords[0].inversion == 1 and
                   .melody[0].articulation == "legato")' "$work/out" >/dev/null ||
    fail "unknown fields lost: $(head -c 600 "$work/out")"
# They keep their place after the known fields, in input order.
head -1 "$work/out" | grep -q '"percussion":\[.*\],"lyrics":"la","zz":{"n":\[1,2\]}}$' || fail "unknown fields reordered"
echo ok
