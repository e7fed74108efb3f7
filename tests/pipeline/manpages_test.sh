# Every program has a man page that renders cleanly and documents every flag --help lists.
source "$(dirname "$0")/lib.sh"
command -v groff >/dev/null || { echo "groff not installed" >&2; exit 77; }

for page in "$AMBIENT_SOURCE"/man/*.[15]; do
    groff -man -Tutf8 -ww -z "$page" 2>"$work/err" || fail "$page does not render"
    [ -s "$work/err" ] && fail "$page: groff warnings: $(cat "$work/err")"
done

for tool in "$AMBIENT_BIN"/ambient-*; do
    [ -x "$tool" ] || continue
    name=$(basename "$tool")
    page="$AMBIENT_SOURCE/man/$name.1"
    [ -f "$page" ] || fail "no man page for $name"
    text=$(groff -man -Tascii -P-c -P-b -P-u "$page" 2>/dev/null)
    for flag in $("$tool" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
        grep -qF -- "$flag" <<<"$text" || fail "$name.1 does not document $flag"
    done
done
# The parameter lists cannot drift from the parameter table: ambient-render(1)'s is made
# from it (scripts/man-params), and each ranged flag of ambient-fx (whose range and default
# come from the table) states the same range and default in ambient-fx(1).
bash "$AMBIENT_SOURCE/scripts/man-params" "$AMBIENT_BIN/ambient-render" --check || fail "ambient-render.1 parameters"
# same_as_help PROGRAM FLAGS-REGEX: each such flag's range, default and choices, as --help
# gives them (from the tables), are what the program's man page says.
same_as_help() {
    local program=$1 flags=$2 text checked=0 flag spec help entry
    text=$(groff -man -rHY=0 -Tascii -P-c -P-b -P-u "$AMBIENT_SOURCE/man/$program.1" 2>/dev/null)
    while IFS=$'\t' read -r flag spec help; do
        entry=$(awk -v f="$flag" '{ sub(/^ +/, "") } $0 ~ "^(-[a-z], )?" f "( |$)" { on = 1; next } on && /^(-[a-z], )?--[a-z]/ { exit } on' <<<"$text" | tr -s ' \n' ' ')
        [ -n "$entry" ] || fail "$program.1 has no entry for $flag"
        if [[ $spec =~ in\ \[([-0-9.]+)\ -\ ([-0-9.]+)\] ]]; then
            grep -qF -- "${BASH_REMATCH[1]} to ${BASH_REMATCH[2]}" <<<"$entry" ||
                fail "$program.1 $flag: range is not ${BASH_REMATCH[1]} to ${BASH_REMATCH[2]}: $entry"
        fi
        if [[ $spec =~ =([^ ]+)$ ]]; then
            grep -qF -- "Default ${BASH_REMATCH[1]}" <<<"$entry" || fail "$program.1 $flag: default is not ${BASH_REMATCH[1]}: $entry"
        fi
        if [[ $help =~ \(([a-zA-Z#]+(, [a-zA-Z#]+)+)\)$ ]]; then
            for choice in ${BASH_REMATCH[1]//,/ }; do
                grep -qwF -- "$choice" <<<"$entry" || fail "$program.1 $flag: $choice not named: $entry"
            done
        fi
        checked=$((checked + 1))
    done < <("$AMBIENT_BIN/$program" --help | awk '
        /^  +-/ { if (flag) print flag "\t" spec "\t" help; help = ""
                  line = $0; sub(/^ +(-[a-z],)?/, "", line)
                  flag = line; sub(/ .*/, "", flag); sub(/=.*/, "", flag)
                  spec = line; sub(/^[^ ]+ ?/, "", spec); sub(/   *.*/, "", spec)
                  if (match(line, /   */)) help = substr(line, RSTART + RLENGTH); next }
        { sub(/^ +/, ""); help = help (help ? " " : "") $0 }
        END { if (flag) print flag "\t" spec "\t" help }' | grep -E "^($flags)"$'\t')
    [ "$checked" -ge "$3" ] || fail "only $checked flags of $program were compared with its man page"
}
# ambient-fx's effect flags come from the parameter table, ambient-chords' key, mode, tempo
# and intensity from the control schema.
same_as_help ambient-fx '--(decay|reverb-mix|damping|predelay|size|delay-beats|feedback|delay-mix|ceiling|release)' 10
same_as_help ambient-chords '--(key|mode|bpm|intensity)' 4
[ -f "$AMBIENT_SOURCE/man/ambient-phrase.5" ] || fail "no ambient-phrase(5)"
echo ok
