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
fx_text=$(groff -man -Tascii -P-c -P-b -P-u "$AMBIENT_SOURCE/man/ambient-fx.1" 2>/dev/null)
checked=0
while read -r flag spec; do
    [[ $spec =~ in\ \[([-0-9.]+)\ -\ ([-0-9.]+)\](=([-0-9.]+))? ]] || continue
    lo=${BASH_REMATCH[1]} hi=${BASH_REMATCH[2]} def=${BASH_REMATCH[4]}
    entry=$(awk -v f="$flag" '$1 == f { on = 1; next } on && $1 ~ /^--/ { exit } on' <<<"$fx_text" | tr -s ' \n' ' ')
    grep -qF -- "$lo to $hi" <<<"$entry" || fail "ambient-fx.1 $flag: range is not $lo to $hi: $entry"
    [ -z "$def" ] || grep -qF -- "Default $def" <<<"$entry" || fail "ambient-fx.1 $flag: default is not $def: $entry"
    checked=$((checked + 1))
done < <("$AMBIENT_BIN/ambient-fx" --help | grep -E -- '^ +--[a-z-]+ (FLOAT|INT):')
[ "$checked" -ge 10 ] || fail "only $checked ranged ambient-fx flags were compared with the man page"
[ -f "$AMBIENT_SOURCE/man/ambient-phrase.5" ] || fail "no ambient-phrase(5)"
echo ok
