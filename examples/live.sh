#!/usr/bin/env bash
# The radio by hand, as scripts/radio wires it, then steered from the shell: one control
# file for every stage, what is playing from the renderer to the server through a FIFO.
# Open http://127.0.0.1:8000 to listen; this script changes key and tempo every 20 s and
# prints what the audio leaving the server holds. Ctrl-C stops it all.
set -euo pipefail
bin=${AMBIENT_BIN:-$(dirname "$0")/../build-release/tools}
PATH="$bin:$PATH"
dir=$(mktemp -d)
trap 'kill 0 2>/dev/null; rm -rf "$dir"' EXIT
echo '{"version":0}' >"$dir/control.json"
mkfifo "$dir/meta"
c=(--control "$dir/control.json")

ambient-chords --endless --key D --mode dorian "${c[@]}" | ambient-melody "${c[@]}" |
    ambient-perc "${c[@]}" | ambient-render "${c[@]}" --meta "$dir/meta" |
    ambient-stream --buffer-ms 300 --control-file "$dir/control.json" --meta "$dir/meta" \
        --log-level warn &
sleep 2
for change in '{"key":"F","bpm":64}' '{"key":"Bb","intensity":0.8}' '{"mode":"lydian","bpm":80}'; do
    curl -s -X POST -d "$change" http://127.0.0.1:8000/api/control >/dev/null
    for _ in 1 2 3 4; do
        curl -s http://127.0.0.1:8000/api/status |
            jq -r '.playing | "\(.chord) in \(.key) \(.mode), \(.bpm) bpm, intensity \(.intensity) (control \(.control_version))"'
        sleep 5
    done
done
