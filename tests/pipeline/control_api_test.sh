#!/usr/bin/env bash
# POST/GET /api/control on a real ambient-stream: validation naming the field, the control
# file replaced atomically with a rising version, the token off loopback, rate limits.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/stream_lib.sh"
T="sox -q -n -r 48000 -c 2 -b 32 -e floating-point -t raw - synth 60 sine 440 gain -6"
ctl="$work/control.json"

serve_pipeline "$work/log" --control-file "$ctl" -- "$T"
post() { curl -s -o "$work/body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data-binary "$1" "${@:2}" "http://127.0.0.1:$port/api/control"; }

[ "$(http_status /api/control)" = 200 ] || fail "GET /api/control"
[ "$(post '{"key":"D","mode":"dorian","bpm":72,"intensity":0.6}')" = 200 ] || fail "good change: $(cat "$work/body")"
jq -e '.version == 1 and .key == "D" and .mode == "dorian" and .bpm == 72 and .intensity == 0.6' "$ctl" >/dev/null ||
    fail "control file after a change: $(cat "$ctl")"
[ "$(post '{"key":"Bb"}')" = 200 ] || fail "a subset"
jq -e '.version == 2 and .key == "Bb" and .mode == "dorian"' "$work/body" >/dev/null || fail "merged state: $(cat "$work/body")"
cp "$ctl" "$work/before.json"

# Each bad body: 400 naming the field, the control file untouched.
while IFS='|' read -r body field; do
    [ "$(post "$body")" = 400 ] || fail "$body: not 400: $(cat "$work/body")"
    [ "$(jq -r '.field // ""' "$work/body")" = "$field" ] || fail "$body: field is $(jq -r .field "$work/body"), want $field"
    cmp -s "$ctl" "$work/before.json" || fail "$body changed the control file"
    sleep 0.2 # under the rate limit
done <<'TABLE'
{"key":"H"}|key
{"key":3}|key
{"mode":"blues"}|mode
{"bpm":39.9}|bpm
{"bpm":161}|bpm
{"bpm":"fast"}|bpm
{"intensity":-0.1}|intensity
{"intensity":1.5}|intensity
{"volume":1}|volume
{"version":9}|version
{"key":"C","tempo":70}|tempo
not json|
[1,2]|
{}|
TABLE
for k in C C# Db D D# Eb E F F# Gb G G# Ab A A# Bb B; do
    [ "$(post "{\"key\":\"$k\"}")" = 200 ] || fail "key $k refused: $(cat "$work/body")"
    sleep 0.2 # under the rate limit
done
# The schema: what the page builds its controls from, and exactly what POST accepts.
[ "$(http_status /api/control/schema)" = 200 ] || fail "GET /api/control/schema"
cp "$work/body" "$work/schema"
[ "$(jq -c '[.fields[].name]' "$work/schema")" = '["key","mode","bpm","intensity","preset","model"]' ] || fail "schema fields: $(cat "$work/schema")"
jq -e '.fields[] | select(.name == "mode") | .choices | index("dorian") and (.|length) == 7' "$work/schema" >/dev/null ||
    fail "schema mode choices: $(cat "$work/schema")"
# The melody's model: a choice between the rules and the stage's own model, never a path.
[ "$(post '{"model":"learned"}')" = 200 ] || fail "model learned refused: $(cat "$work/body")"
sleep 0.2
[ "$(post '{"model":"/etc/passwd"}')" = 400 ] || fail "a path as the model accepted"
grep -q 'rules or learned' "$work/body" || fail "the model's refusal does not say the choices: $(cat "$work/body")"
sleep 0.2
for name in bpm intensity; do
    for edge in min max; do
        v=$(jq ".fields[] | select(.name == \"$name\") | .$edge" "$work/schema")
        [ "$(post "{\"$name\":$v}")" = 200 ] || fail "$name $edge $v from the schema refused: $(cat "$work/body")"
        sleep 0.2
    done
    over=$(jq ".fields[] | select(.name == \"$name\") | .max + 1" "$work/schema")
    [ "$(post "{\"$name\":$over}")" = 400 ] || fail "$name $over over the schema's max accepted"
    grep -q "$(jq -r ".fields[] | select(.name == \"$name\") | \"from \\(.min) to \\(.max)\"" "$work/schema")" "$work/body" ||
        fail "the refusal does not give the schema's range: $(cat "$work/body")"
    sleep 0.2
done
[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -d '{}' "http://127.0.0.1:$port/api/control/schema")" = 405 ] ||
    fail "POST to the schema is not 405"

# Another writer replaces the file: the server follows it.
v=$(jq .version "$ctl")
jq -c ".version = $((v + 1)) | .key = \"E\"" "$ctl" >"$ctl.new" && mv "$ctl.new" "$ctl"
for i in $(seq 20); do
    http_status /api/control >/dev/null
    jq -e ".key == \"E\" and .version == $((v + 1))" "$work/body" >/dev/null && break
    [ "$i" -lt 20 ] || fail "the server did not follow an outside change: $(cat "$work/body")"
    sleep 0.1
done
[ "$(post '{"key":"B"}')" = 200 ] && jq -e ".version == $((v + 2))" "$ctl" >/dev/null || fail "a change after an outside one: $(cat "$ctl")"

head -c 5000 /dev/zero | tr '\0' ' ' >"$work/big"
[ "$(post @"$work/big")" = 413 ] || fail "a 5000-byte body is not 413"
# Nested past the bound (within the size limit): refused before it is parsed.
printf '{"key":%s"C"%s}' "$(printf '%*s' 200 '' | tr ' ' '[')" "$(printf '%*s' 200 '' | tr ' ' ']')" >"$work/deep"
[ "$(post @"$work/deep")" = 400 ] || fail "a body nested 200 deep is not 400"
grep -q "nested deeper than 100 arrays and objects" "$work/body" || fail "deep body: $(cat "$work/body")"
sleep 0.2
[ "$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "http://127.0.0.1:$port/api/control")" = 405 ] || fail "DELETE not 405"
http_status /api/status >/dev/null
jq -e '.control.key == "B"' "$work/body" >/dev/null || fail "/api/status lacks the control values: $(cat "$work/body")"

# Twenty at once: some are rate-limited (429), the file stays valid and its version counts
# exactly the accepted ones.
sleep 2
v0=$(jq .version "$ctl")
posters=()
for i in $(seq 20); do
    curl -s -o /dev/null -w '%{http_code}\n' -X POST --data "{\"bpm\":$((50 + i))}" "http://127.0.0.1:$port/api/control" &
    posters+=($!)
done >"$work/codes"
wait "${posters[@]}"
ok=$(grep -c '^200$' "$work/codes" || true)
limited=$(grep -c '^429$' "$work/codes" || true)
[ $((ok + limited)) -eq 20 ] || fail "concurrent answers: $(sort "$work/codes" | uniq -c)"
[ "$limited" -gt 0 ] || fail "twenty changes at once were not rate-limited"
jq -e . "$ctl" >/dev/null || fail "control file invalid after concurrent changes: $(cat "$ctl")"
[ "$(jq .version "$ctl")" -eq $((v0 + ok)) ] || fail "version $(jq .version "$ctl") after $ok changes from $v0"
kill -TERM "$server_pid"

# Off loopback the API needs the token; status, health and the stream stay public.
serve_pipeline "$work/log2" --host 0.0.0.0 --control-token s3cret -- "$T"
[ "$(post '{"bpm":60}')" = 401 ] || fail "no token off loopback: not 401"
[ "$(post '{"bpm":60}' -H 'Authorization: Bearer wrong')" = 401 ] || fail "wrong token: not 401"
[ "$(post '{"bpm":60}' -H 'Authorization: Bearer s3cret')" = 200 ] || fail "right token refused: $(cat "$work/body")"
[ "$(http_status /api/status)" = 200 ] || fail "status not public"
[ "$(http_status /healthz)" = 200 ] || fail "health not public"
kill -TERM "$server_pid"
AMBIENT_CONTROL_TOKEN=fromenv serve_pipeline "$work/log3" --host 0.0.0.0 -- "$T"
[ "$(post '{"bpm":60}' -H 'Authorization: Bearer fromenv')" = 200 ] || fail "AMBIENT_CONTROL_TOKEN not used"
kill -TERM "$server_pid"
serve_pipeline "$work/log4" --host 0.0.0.0 -- "$T"
[ "$(post '{"bpm":60}')" = 403 ] || fail "off loopback without any token: not 403"
echo ok
