#!/usr/bin/env bash
# ambient-radio with a real browser listening (tests/browser/radio_page.mjs): a killed
# renderer is not heard as a lost connection, a killed server is reconnected to, and the
# operator's /monitor page draws the last minutes. Keeps both screenshots in the build folder.
source "$(dirname "$0")/../pipeline/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
[ -x /usr/bin/chromium ] || { echo "SKIP: no /usr/bin/chromium (scripts/setup installs it)"; exit 77; }
[ -d "$here/node_modules/playwright-core" ] || { echo "SKIP: no playwright-core (scripts/setup runs npm ci)"; exit 77; }
shots=${AMBIENT_SCREENSHOTS:-$work}

"$AMBIENT_BIN/ambient-radio" --port 0 --state-dir "$work/state" --journey drift >"$work/out" 2>"$work/log" &
radio=$!
trap 'kill -TERM "$radio" 2>/dev/null; wait "$radio" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/out" ] && break; sleep 0.1; done
url=$(head -1 "$work/out")
[ -n "$url" ] || fail "the radio printed no address: $(tail -3 "$work/log")"
node "$here/radio_page.mjs" "$url" "$shots/radio-page.png" "$shots/monitor.png" >"$work/result.json" ||
    fail "browser: $(cat "$work/result.json")"
echo "radio: $(cat "$work/result.json")"
echo ok
