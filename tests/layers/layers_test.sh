#!/usr/bin/env bash
# The layers of lib/ hold at build time: an include that reaches up or sideways does not
# build, one that reaches down does; and each third-party header appears only in the
# layer that links its library.
set -uo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for probe in $LAYER_PROBES; do
    target=${probe%%:*} want=${probe##*:}
    if cmake --build "$AMBIENT_BUILD" --target "$target" >"$log" 2>&1; then
        [ "$want" = build ] || fail "$target built: an include reached across the layers"
    else
        [ "$want" = fail ] || fail "$target did not build: $(grep -m3 error "$log")"
        grep -q "No such file or directory" "$log" || fail "$target failed for another reason: $(grep -m3 error "$log")"
    fi
done

# System headers cannot be hidden by include roots; the libraries are linked only by their
# layer, and their headers are included only there.
cd "$AMBIENT_SOURCE/lib"
while read -r header folders; do
    found=$(grep -rlE "#include <$header" --include='*.[ch]pp' . | cut -d/ -f2 | sort -u | tr '\n' ' ')
    for folder in $found; do
        [[ " $folders " == *" $folder "* ]] || fail "<$header…> included in lib/$folder (only in: $folders)"
    done
done <<'TABLE'
sndfile\.h audio
ebur128\.h audio
rtmidi/ midi
jack/ midi
opus/ stream
samplerate\.h stream
websocketpp/ stream
asio stream
TABLE
echo ok
