#!/usr/bin/env bash
# The whole radio in a real browser: ambient-chords --endless | ambient-melody | ambient-perc
# | ambient-render | ambient-stream, and Debian's chromium playing the page (Opus through
# WebCodecs, then the PCM fallback). Keeps a screenshot in the build folder.
source "$(dirname "$0")/../pipeline/lib.sh"
source "$(dirname "$0")/../pipeline/stream_lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
[ -x /usr/bin/chromium ] || { echo "SKIP: no /usr/bin/chromium (scripts/setup installs it)"; exit 77; }
[ -d "$here/node_modules/playwright-core" ] || { echo "SKIP: no playwright-core (scripts/setup runs npm ci)"; exit 77; }
shots=${AMBIENT_SCREENSHOTS:-$work}

# Wired as scripts/radio wires it: one control file for every stage, what is playing
# from the renderer to the server through a FIFO.
echo '{"version":0}' >"$work/control.json"
mkfifo "$work/meta"
c="--control $work/control.json"
serve_pipeline "$work/log" --buffer-ms 300 --control-file "$work/control.json" --meta "$work/meta" -- \
    "'$chords' --endless --seed 11 $c | '$melody' --seed 11 $c | '$perc' --seed 11 $c | '$AMBIENT_BIN/ambient-render' $c --meta '$work/meta'"

# Opus through WebCodecs, Opus through the WASM decoder from npm, and PCM.
for decoder in webcodecs wasm pcm; do
    query="?codec=$decoder"
    [ "$decoder" = webcodecs ] && query=""
    node "$here/stream_page.mjs" "http://127.0.0.1:$port/$query" "$shots/page-$decoder.png" >"$work/result.json" ||
        fail "browser ($decoder): $(cat "$work/result.json")"
    echo "$decoder: $(cat "$work/result.json")"
    jq -e --arg d "$decoder" '.decoder == $d' "$work/result.json" >/dev/null ||
        fail "page decoded with $(jq -r .decoder "$work/result.json"), not $decoder"
done
grep -q '"event":"client_connected"' "$work/log" || fail "the server saw no listener"
echo ok
