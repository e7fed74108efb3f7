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
[ -f "$AMBIENT_SOURCE/man/ambient-phrase.5" ] || fail "no ambient-phrase(5)"
echo ok
