#!/bin/sh
# `make demo`, ledger step: import the seed into a fresh temporary database (never a committed
# file) and print the trust reports of the two product managers side by side.
# Usage: sh examples/demo/ledger/demo.sh [path/to/backwards]
set -eu
BACKWARDS="${1:-backwards}"
HERE="$(cd "$(dirname "$0")" && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT INT TERM
export BACKWARDS_DATABASE_URL="sqlite:///$TMP/ledger.db"
"$BACKWARDS" --workspace "$HERE/.." ledger import "$HERE/seed.json" --by demo
"$BACKWARDS" --workspace "$HERE/.." ledger trust --compare maya,ben --as-of 2026-04-01T09:00Z
