#!/usr/bin/env bash
# Four phrases to a MIDI file, checked with midicsv and rendered by FluidSynth with the
# General MIDI soundfont: piece.mid and piece-fluidsynth.wav in the current folder.
set -euo pipefail
bin=${AMBIENT_BIN:-$(dirname "$0")/../build-release/tools}
PATH="$bin:$PATH"
ambient-chords --phrases 4 --seed 12 | ambient-melody | ambient-perc | ambient-midi -o piece.mid
midicsv piece.mid | grep -c Note_on_c | xargs echo "notes in piece.mid:"
fluidsynth -ni -q -F piece-fluidsynth.wav -r 48000 /usr/share/sounds/sf2/FluidR3_GM.sf2 piece.mid
echo "wrote piece.mid and piece-fluidsynth.wav"
