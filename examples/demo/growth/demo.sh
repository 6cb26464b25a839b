#!/bin/sh
# `make demo`, growth step: the ledger seed and a quarter of journal entries of the two product
# managers (maya, a PM; ben, a senior PM) in a fresh temporary database (never a committed
# file), a self- and a manager assessment each, then a growth report for each (text, and HTML
# in out/).
# Usage: sh examples/demo/growth/demo.sh [path/to/backwards]
set -eu
BACKWARDS="${1:-backwards}"
HERE="$(cd "$(dirname "$0")" && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT INT TERM
export BACKWARDS_DATABASE_URL="sqlite:///$TMP/growth.db"
AT=2026-04-01T09:00Z
B() { "$BACKWARDS" --workspace "$HERE/.." "$@"; }
B ledger import "$HERE/../ledger/seed.json" --by demo > /dev/null
B journal import "$HERE/journal.csv" --at $AT --by demo
B growth assess maya --rater self --by maya --at $AT --rating communicate=4 \
  --rating prioritize=3 --rating execute=3
B growth assess maya --rater manager --by ben --at $AT --rating communicate=2 \
  --rating prioritize=3 --rating execute=3 \
  --evidence "communicate=the launch update buried the ask under four slides"
B growth assess ben --rater self --by ben --at $AT --rating communicate=4 --rating "think big=4" \
  --rating "earn trust with others=4" --rating "driven by impact, not promotion=4"
B growth assess ben --rater manager --by dana --at $AT --rating communicate=4 \
  --rating "think big=2" --rating "earn trust with others=4" \
  --rating "driven by impact, not promotion=4" \
  --evidence "think big=the wholesale memo stops at next quarter"
for who in maya ben; do
  echo
  B growth report $who --by $who --at $AT --since 2026-01-01 --html "out/demo-growth-$who.html"
done
