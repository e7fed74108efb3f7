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

# A loopback port nobody listens on (for servers that cannot pick their own), below the
# kernel's range for outgoing connections: a port in that range can be taken at any moment
# by a client socket of a test running beside this one, and a server then cannot bind it.
free_port() {
    local p low=32768
    read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
    [ "$low" -gt 11000 ] || low=32768
    for _ in $(seq 50); do
        p=$((10000 + RANDOM % (low - 10000)))
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
