# Helpers for the ambient-stream tests: start the server on a free loopback port, find
# the port in its JSON log, and stop it at the end of the test.
stream="$AMBIENT_BIN/ambient-stream"
client="$AMBIENT_TEST_TOOLS/stream_client"
server_pids=()
cleanup_servers() {
    for p in "${server_pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup_servers EXIT
trap "exit 1" TERM INT  # ctest timeouts and Ctrl-C still stop the servers

# start_server LOG ARGS... < input: runs ambient-stream --port 0 in the background
# (its pid in $server_pid), waits until it listens, sets $port.
start_server() {
    local log=$1
    shift
    "$stream" --port 0 "$@" <&0 2>"$log" &  # <&0: a background job would get /dev/null
    server_pid=$!
    server_pids+=("$server_pid")
    for _ in $(seq 100); do
        port=$(grep -o '"event":"listening".*"port":[0-9]*' "$log" 2>/dev/null | grep -o '[0-9]*$' || true)
        [ -n "$port" ] && return 0
        kill -0 "$server_pid" 2>/dev/null || fail "ambient-stream exited at start: $(cat "$log")"
        sleep 0.05
    done
    fail "ambient-stream did not listen: $(cat "$log")"
}

# serve_pipeline LOG ARGS... -- PRODUCER...: ambient-stream fed by PRODUCER through a FIFO,
# so that $server_pid is the server itself (the producer ends by EPIPE when it goes).
serve_pipeline() {
    local log=$1 args=()
    shift
    while [ "$1" != "--" ]; do
        args+=("$1")
        shift
    done
    shift
    rm -f "$work/pcm.fifo"
    mkfifo "$work/pcm.fifo"
    bash -c "$*" >"$work/pcm.fifo" &
    server_pids+=("$!")
    start_server "$log" "${args[@]}" <"$work/pcm.fifo"
}

# http_status PATH [CURL ARGS...]: the HTTP status code of a request.
http_status() {
    local path=$1
    shift
    curl -s -o "$work/body" -w '%{http_code}' "$@" "http://127.0.0.1:$port$path"
}

# json_field FILE FIELD: one top-level field of a JSON object.
json_field() { jq -r ".$2" "$1"; }

# tone SECONDS [SOX ARGS]: a 440 Hz tone as 48 kHz stereo f32le on stdout.
tone() {
    local seconds=$1
    shift
    sox -q -n -r 48000 -c 2 -b 32 -e floating-point -t raw - synth "$seconds" sine 440 gain -6 "$@"
}

# wait_exit PID SECONDS: waits for PID to end; its status in $exit_status, or fails.
wait_exit() {
    local pid=$1 limit=$2
    for _ in $(seq $((limit * 20))); do
        if ! kill -0 "$pid" 2>/dev/null; then
            exit_status=0
            wait "$pid" || exit_status=$?
            return 0
        fi
        sleep 0.05
    done
    fail "process $pid still running after ${limit}s"
}
