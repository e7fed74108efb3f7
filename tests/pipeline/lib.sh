# Shared helpers for the pipeline tests: each runs the real programs through real pipes.
set -euo pipefail

: "${AMBIENT_BIN:?set AMBIENT_BIN to the folder of the built programs}"
: "${AMBIENT_SOURCE:?set AMBIENT_SOURCE to the source tree}"
chords="$AMBIENT_BIN/ambient-chords"
melody="$AMBIENT_BIN/ambient-melody"
perc="$AMBIENT_BIN/ambient-perc"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# A loopback port nobody listens on (for servers that cannot pick their own).
free_port() {
    local p
    for _ in $(seq 50); do
        p=$((20000 + RANDOM % 40000))
        (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
    fail "no free port"
}

# expect_status WANT DESCRIPTION -- COMMAND...: runs COMMAND, stdout to $work/out, stderr to $work/err.
expect_status() {
    local want=$1 what=$2
    shift 3
    local got=0
    "$@" >"$work/out" 2>"$work/err" || got=$?
    [ "$got" -eq "$want" ] || fail "$what: exit $got, expected $want; stderr: $(cat "$work/err")"
}

# expect_stderr PATTERN DESCRIPTION: the last command's stderr matches an extended regex.
expect_stderr() {
    grep -Eq -- "$1" "$work/err" || fail "$2: stderr lacks /$1/: $(cat "$work/err")"
}
