#!/usr/bin/env bash
# An endless composition steered live through a control file: after a few phrases
# the key moves to F and the intensity rises. Prints one summary line per phrase.
set -euo pipefail
bin=${AMBIENT_BIN:-$(dirname "$0")/../build-release/tools}
PATH="$bin:$PATH"
control=$(mktemp)
trap 'rm -f "$control" "$control.tmp"' EXIT
echo '{"version":1,"key":"A","mode":"aeolian","intensity":0.3}' >"$control"

ambient-chords --endless --control "$control" |
    ambient-melody | ambient-perc |
    while IFS= read -r phrase; do
        jq -r '"\(.seq) \(.key) \(.mode) intensity \(.intensity): \([.chords[].degree] | join(" "))"' <<<"$phrase"
        seq=$(jq .seq <<<"$phrase")
        if [ "$seq" -eq 3 ]; then
            echo '{"version":2,"key":"F","mode":"lydian","intensity":0.9}' >"$control.tmp"
            mv "$control.tmp" "$control"  # atomic, as ambient-stream does it
        fi
        [ "$seq" -ge 8 ] && break
    done
