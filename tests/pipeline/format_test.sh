# The code is formatted as .clang-format says.
source "$(dirname "$0")/lib.sh"
command -v clang-format >/dev/null || { echo "clang-format not installed" >&2; exit 77; }
cd "$AMBIENT_SOURCE"
files=$(find lib tools tests bench -name '*.cpp' -o -name '*.hpp' | sort)
# shellcheck disable=SC2086
clang-format --dry-run --Werror $files 2>"$work/err" || fail "not formatted (run clang-format -i): $(head -20 "$work/err")"
echo ok
