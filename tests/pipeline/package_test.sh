#!/usr/bin/env bash
# Installing like a package: cmake --install puts the programs, man pages, the systemd unit
# (which systemd-analyze verify accepts) and its settings in place; cpack builds a .deb
# that installs on this Debian, after which ambient-radio runs from /usr/bin.
source "$(dirname "$0")/lib.sh"
build=$(dirname "$AMBIENT_BIN")
command -v systemd-analyze >/dev/null || { echo "no systemd-analyze" >&2; exit 77; }
command -v cpack >/dev/null && command -v dpkg-deb >/dev/null || { echo "no cpack or dpkg-deb" >&2; exit 77; }
programs="ambient-chords ambient-melody ambient-perc ambient-render ambient-fx ambient-midi ambient-stream ambient-radio"

cmake --install "$build" --prefix "$work/inst" >"$work/install.log" || fail "cmake --install: $(tail -3 "$work/install.log")"
for p in $programs; do
    [ -x "$work/inst/bin/$p" ] || fail "$p not installed"
    [ -f "$work/inst/share/man/man1/$p.1" ] || fail "$p.1 not installed"
done
unit="$work/inst/lib/systemd/system/ambient-radio.service"
for f in "$unit" "$work/inst/etc/default/ambient-radio" "$work/inst/share/man/man5/ambient-phrase.5" \
    "$work/inst/share/doc/ambient/LICENSE"; do
    [ -f "$f" ] || fail "not installed: ${f#"$work/inst"}"
done
grep -qx "ExecStart=$work/inst/bin/ambient-radio \$AMBIENT_RADIO_ARGS" "$unit" || fail "the unit does not run the installed radio: $(grep ExecStart "$unit")"
grep -q "MIT License" "$work/inst/share/doc/ambient/LICENSE" || fail "LICENSE is not MIT"
for want in Restart=on-failure DynamicUser=yes StateDirectory=ambient NoNewPrivileges=yes \
    ProtectSystem=strict PrivateTmp=yes; do
    grep -qx "$want" "$unit" || fail "the unit lacks $want"
done
# verify runs man for Documentation=man:ambient-radio(1): from the installed pages.
MANPATH="$work/inst/share/man" systemd-analyze verify "$unit" >"$work/verify" 2>&1 || fail "systemd-analyze verify: $(cat "$work/verify")"
[ ! -s "$work/verify" ] || fail "systemd-analyze verify said: $(cat "$work/verify")"
systemd-analyze security --offline=true "$unit" 2>/dev/null | grep -q 'Overall exposure level for ambient-radio.service: [0-2]\.' ||
    fail "the unit's exposure: $(systemd-analyze security --offline=true "$unit" 2>&1 | tail -1)"

# The .deb.
(cd "$build" && cpack -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1) || fail "cpack: $(tail -5 "$work/cpack.log")"
deb=$(ls "$work"/pkg/ambient_*.deb)
dpkg-deb -c "$deb" >"$work/contents"
for f in $programs; do grep -q "\./usr/bin/$f\$" "$work/contents" || fail "$f not in the package"; done
for f in ./usr/lib/systemd/system/ambient-radio.service ./etc/default/ambient-radio ./usr/share/man/man1/ambient-radio.1; do
    grep -q " $f\$" "$work/contents" || fail "$f not in the package: $(cat "$work/contents")"
done
dpkg-deb -f "$deb" Depends | grep -q libopus0 || fail "no dependencies found: $(dpkg-deb -f "$deb" Depends)"
dpkg-deb -I "$deb" conffiles 2>/dev/null | grep -qx /etc/default/ambient-radio || fail "the settings are not a conffile"
dpkg-deb -x "$deb" "$work/x"
grep -qx "ExecStart=/usr/bin/ambient-radio \$AMBIENT_RADIO_ARGS" "$work/x/usr/lib/systemd/system/ambient-radio.service" ||
    fail "the packaged unit: $(grep ExecStart "$work/x/usr/lib/systemd/system/ambient-radio.service")"

# Installed for real where we may (root, and no ambient package already here), then removed.
if [ "$(id -u)" -eq 0 ] && ! dpkg -s ambient >/dev/null 2>&1 && [ ! -e /usr/bin/ambient-radio ]; then
    trap 'dpkg --purge ambient >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
    dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || fail "dpkg -i: $(cat "$work/dpkg.log")"
    /usr/bin/ambient-radio --version | grep -q "ambient-radio" || fail "installed ambient-radio --version: $(/usr/bin/ambient-radio --version)"
    man -w ambient-radio | grep -q /usr/share/man/man1/ambient-radio.1 || fail "man ambient-radio not found"
    systemd-analyze verify /usr/lib/systemd/system/ambient-radio.service >"$work/verify" 2>&1 && [ ! -s "$work/verify" ] ||
        fail "installed unit: $(cat "$work/verify")"
    dpkg --purge ambient >"$work/dpkg.log" 2>&1 || fail "dpkg --purge: $(cat "$work/dpkg.log")"
    [ ! -e /usr/bin/ambient-radio ] || fail "ambient-radio left after purge"
else
    "$work/x/usr/bin/ambient-radio" --version | grep -q "ambient-radio" || fail "packaged ambient-radio --version"
fi
echo ok
