#!/usr/bin/env bash
# Three phrases in D dorian with melody and percussion, the same on every run,
# then a summary of each: its chords and how many melody notes and events it has.
# Run from the repository after scripts/build-release (or with the programs on PATH).
set -euo pipefail
bin=${AMBIENT_BIN:-$(dirname "$0")/../build-release/tools}
PATH="$bin:$PATH"

ambient-chords --key D --mode dorian --seed 7 --bars 8 --phrases 3 |
    ambient-melody --seed 7 |
    ambient-perc --seed 7 |
    tee /dev/stderr |
    jq -r '"phrase \(.seq): \([.chords[] | .degree + (.colour // "")] | join(" ")) | \(.melody | length) notes, \(.percussion | length) events"'
