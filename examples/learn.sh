#!/usr/bin/env bash
# Melodies in the style of your own music: learn a model from a folder of MIDI files (the
# melody track, or the highest voice, over the harmony), then compose with it and hear it.
# Writes learned.model, learned.wav (the model's melodies) and rules.wav (the same chords
# with the rules' melodies) in the current folder, and plays learned.wav when mpv is there.
# Usage: examples/learn.sh [FOLDER]   (default: the MIDI tunes of Debian's openttd-openmsx)
# Run from the repository after scripts/build-release (or with the programs on PATH).
set -euo pipefail
bin=${AMBIENT_BIN:-$(dirname "$0")/../build-release/tools}
PATH="$bin:$PATH"
folder=${1:-/usr/share/games/openttd/baseset/openmsx}
phrases=${PHRASES:-6}

ambient-learn -o learned.model "$folder"
ambient-chords --key D --mode dorian --seed 3 --phrases "$phrases" >chords.jsonl
ambient-melody --model learned.model <chords.jsonl | ambient-perc | ambient-render -o learned.wav
ambient-melody <chords.jsonl | ambient-perc | ambient-render -o rules.wav
rm chords.jsonl
echo "wrote learned.model, learned.wav and rules.wav"
if command -v mpv >/dev/null && [ -z "${NO_PLAY:-}" ]; then mpv --really-quiet learned.wav; fi
