# --endless: a closed pipe ends every stage at once with status 0, and look-ahead is one
# phrase per pipe, so a control change reaches the music a phrase or two later.
source "$(dirname "$0")/lib.sh"

timeout 20 "$chords" --endless --seed 1 | head -3 >"$work/three" || true
statuses=("${PIPESTATUS[@]}")
[ "${statuses[0]}" -eq 0 ] || fail "ambient-chords --endless | head -3: status ${statuses[0]} (124 = hung)"
[ "$(wc -l <"$work/three")" -eq 3 ] || fail "head got $(wc -l <"$work/three") lines"

timeout 20 "$chords" --endless --seed 1 | timeout 20 "$melody" | timeout 20 "$perc" | head -2 >/dev/null || true
statuses=("${PIPESTATUS[@]}")
[ "${statuses[*]}" = "0 0 0 0" ] || fail "endless pipeline statuses: ${statuses[*]}"

# Look-ahead: change the key after the first phrase; it must arrive within a few phrases,
# not after the thousands a 64 KiB pipe would hold.
ctl="$work/control.json"
echo '{"version":1,"key":"A"}' >"$ctl"
reader() {
    local line n=0
    while IFS= read -r line; do
        n=$((n + 1))
        jq -r .key <<<"$line" >>"$work/keys"
        if [ $n -eq 1 ]; then
            sleep 0.2
            echo '{"version":2,"key":"Eb","bpm":90}' >"$ctl.tmp" && mv "$ctl.tmp" "$ctl"
        fi
        [ $n -ge "$1" ] && break
    done
}
: >"$work/keys"
timeout 30 "$chords" --endless --seed 2 --control "$ctl" | reader 4
first_eb=$(grep -n Eb "$work/keys" | head -1 | cut -d: -f1)
[ -n "$first_eb" ] && [ "$first_eb" -le 3 ] || fail "alone, the key change reached phrase ${first_eb:-never} ($(tr '\n' ' ' <"$work/keys"))"

echo '{"version":1,"key":"A"}' >"$ctl"
: >"$work/keys"
timeout 30 "$chords" --endless --seed 2 --control "$ctl" | timeout 30 "$melody" | timeout 30 "$perc" | reader 6
first_eb=$(grep -n Eb "$work/keys" | head -1 | cut -d: -f1)
[ -n "$first_eb" ] && [ "$first_eb" -le 5 ] || fail "through three stages, the key change reached phrase ${first_eb:-never}"
echo ok
