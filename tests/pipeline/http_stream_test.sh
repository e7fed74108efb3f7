#!/usr/bin/env bash
# The stream for any player: GET /stream.opus is Ogg Opus over plain HTTP that ffprobe
# recognises, ffmpeg decodes to seconds of music without an error, and mpv plays to a null
# output; HEAD gives the headers; the listeners count in /api/status and /metrics.
source "$(dirname "$0")/lib.sh"
for tool in ffmpeg ffprobe mpv curl; do
    command -v "$tool" >/dev/null || { echo "SKIP: no $tool (scripts/setup installs it)"; exit 77; }
done
"$AMBIENT_BIN/ambient-radio" --programs "$AMBIENT_BIN" --port 0 --state-dir "$work/state" >"$work/out" 2>"$work/log" &
radio=$!
trap 'kill -TERM "$radio" 2>/dev/null; wait "$radio" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/out" ] && break; sleep 0.1; done
url=$(head -1 "$work/out")stream.opus
for _ in $(seq 100); do
    curl -s "${url%stream.opus}api/status" | jq -e '.input == "flowing"' >/dev/null && break
    sleep 0.1
done

curl -sI "$url" >"$work/head"
grep -qi '^content-type: audio/ogg' "$work/head" || fail "HEAD: $(cat "$work/head")"
grep -qi '^icy-name: ' "$work/head" || fail "no icy-name: $(cat "$work/head")"

ffprobe -hide_banner -show_streams -of json "$url" 2>"$work/probe.err" >"$work/probe.json" ||
    fail "ffprobe: $(cat "$work/probe.err")"
jq -e '.streams[0].codec_name == "opus" and .streams[0].sample_rate == "48000" and .streams[0].channels == 2' \
    "$work/probe.json" >/dev/null || fail "ffprobe saw: $(jq -c '.streams' "$work/probe.json")"

# Four seconds decoded, with no warning or error from the decoder, and not silence.
ffmpeg -hide_banner -loglevel warning -t 4 -i "$url" -f wav -y "$work/got.wav" 2>"$work/ffmpeg.err" ||
    fail "ffmpeg: $(cat "$work/ffmpeg.err")"
[ ! -s "$work/ffmpeg.err" ] || fail "ffmpeg said: $(cat "$work/ffmpeg.err")"
seconds=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$work/got.wav")
awk -v s="$seconds" 'BEGIN { exit !(s >= 3.9) }' || fail "decoded only $seconds s"
peak=$(ffmpeg -hide_banner -i "$work/got.wav" -af volumedetect -f null - 2>&1 | sed -n 's/.*max_volume: \(-*[0-9.]*\) dB/\1/p')
awk -v p="$peak" 'BEGIN { exit !(p > -40) }' || fail "the stream is silent (peak $peak dB)"

timeout 30 mpv --no-config --ao=null --no-video --length=3 "$url" >"$work/mpv.log" 2>&1 || fail "mpv: $(tail -5 "$work/mpv.log")"
grep -q "Exiting... (End of file)" "$work/mpv.log" || fail "mpv did not play to the end: $(tail -5 "$work/mpv.log")"

status=$(curl -s "${url%stream.opus}api/status")
jq -e '.http_listeners.total >= 3 and .http_listeners.pages_dropped == 0' <<<"$status" >/dev/null ||
    fail "HTTP listeners not counted: $(jq -c .http_listeners <<<"$status")"
curl -s "${url%stream.opus}metrics" >"$work/metrics"
grep -q '^ambient_stream_http_clients_total [3-9]' "$work/metrics" || fail "no HTTP listeners in /metrics: $(grep http "$work/metrics")"
echo ok
