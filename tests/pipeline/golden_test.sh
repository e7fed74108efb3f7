#!/usr/bin/env bash
# What fixed seeds make is pinned in tests/golden: phrases from each composer and a short
# render's measured properties. A change shows here; scripts/golden --update BUILD makes
# it on purpose (and review then sees it in the diff).
source "$(dirname "$0")/lib.sh"
bash "$AMBIENT_SOURCE/scripts/golden" --check || fail "output differs from tests/golden"
echo ok
