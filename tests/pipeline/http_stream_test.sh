#!/usr/bin/env bash
# The stream for any player: GET /stream.opus is Ogg Opus over plain HTTP that ffprobe
# recognises, ffmpeg decodes to seconds of music without an error, and mpv plays to a null
# output; /stream.mp3 likewise, with ICY titles that change with the music; playlists of
# both; HEAD gives the headers; the listeners count in /api/status and /metrics.
source "$(dirname "$0")/lib.sh"
for tool in ffmpeg ffprobe mpv curl; do
    command -v "$tool" >/dev/null || { echo "SKIP: no $tool (scripts/setup installs it)"; exit 77; }
done
"$AMBIENT_BIN/ambient-radio" --programs "$AMBIENT_BIN" --port 0 --state-dir "$work/state" --bars 1 --bpm 160 >"$work/out" 2>"$work/log" &
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

# MP3 for players without Opus, with ICY titles that follow the music (bars of one
# chord each at 160 bpm: the chord changes every second and a half).
mp3=${url%stream.opus}stream.mp3
curl -sI "$mp3" | grep -qi '^content-type: audio/mpeg' || fail "HEAD /stream.mp3: $(curl -sI "$mp3")"
ffmpeg -hide_banner -loglevel warning -t 3 -i "$mp3" -f wav -y "$work/mp3.wav" 2>"$work/ffmpeg.err" ||
    fail "ffmpeg (mp3): $(cat "$work/ffmpeg.err")"
[ ! -s "$work/ffmpeg.err" ] || fail "ffmpeg (mp3) said: $(cat "$work/ffmpeg.err")"
ffprobe -v error -show_streams -of json "$mp3" | jq -e '.streams[0].codec_name == "mp3"' >/dev/null || fail "not MP3"
timeout 30 mpv --no-config --ao=null --no-video --length=3 "$mp3" >"$work/mpv.log" 2>&1 || fail "mpv (mp3): $(tail -5 "$work/mpv.log")"
tr '\r' '\n' <"$work/mpv.log" | grep -q "icy-title: ambient: " || fail "mpv saw no ICY title: $(tail -5 "$work/mpv.log")"
node "$(dirname "$0")/icy_titles.mjs" "$mp3" 10 >"$work/icy.json"
jq -e '.metaint == 16000 and (.errors | length) == 0 and .audio_bytes > 100000 and (.titles | length) >= 2
    and (.titles | unique | length) >= 2 and all(.titles[]; startswith("ambient: "))' "$work/icy.json" >/dev/null ||
    fail "ICY titles: $(cat "$work/icy.json")"

# Playlists of both streams, at the address the player used.
host=${url#http://}; host=${host%%/*}
curl -s "http://$host/listen.m3u" >"$work/m3u"
grep -qx "http://$host/stream.opus" "$work/m3u" && grep -qx "http://$host/stream.mp3" "$work/m3u" || fail "m3u: $(cat "$work/m3u")"
curl -s "http://$host/listen.pls" | grep -qx "File2=http://$host/stream.mp3" || fail "pls: $(curl -s "http://$host/listen.pls")"
mpv --no-config --ao=null --length=1 "http://$host/listen.m3u" >"$work/mpv.log" 2>&1 || fail "mpv on the playlist: $(tail -3 "$work/mpv.log")"

status=$(curl -s "${url%stream.opus}api/status")
jq -e '.http_listeners.total >= 8 and .http_listeners.pages_dropped == 0' <<<"$status" >/dev/null ||
    fail "HTTP listeners not counted: $(jq -c .http_listeners <<<"$status")"
curl -s "${url%stream.opus}metrics" >"$work/metrics"
grep -q '^ambient_stream_http_clients_total [3-9]' "$work/metrics" || fail "no HTTP listeners in /metrics: $(grep http "$work/metrics")"
echo ok
