#!/bin/sh
# `make demo`, impact step: the Harbour espresso blend, launched on 13 October 2026 (the demo's
# WBR data hold its effect), as a bet in a fresh temporary database (never a committed file):
# its forecast, its launch (a ledger commitment, kept), the effect measured on orders, the review
# against the forecast, and maya's trust report with the launch and its impact forecast.
# Usage: sh examples/demo/portfolio-impact.sh [path/to/backwards]
set -eu
BACKWARDS="${1:-backwards}"
HERE="$(cd "$(dirname "$0")" && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT INT TERM
export BACKWARDS_DATABASE_URL="sqlite:///$TMP/portfolio.db"
b() { "$BACKWARDS" --workspace "$HERE" "$@"; }
b portfolio team web --capacity 3 --by maya --at 2026-08-03T09:00Z >/dev/null
b bet add harbour-espresso --title "Harbour espresso blend" --owner maya --team web \
  --people 1 --weeks 6 --metric Orders --p10 40 --p50 120 --p90 250 --value-per-unit 9 \
  --probability 60% --by maya --at 2026-08-03T09:00Z >/dev/null
b bet revise harbour-espresso --status planned --launch-by 2026-10-16 --by maya \
  --at 2026-08-10T09:00Z >/dev/null
b bet launch harbour-espresso --on 2026-10-13 --by maya --at 2026-10-13T09:00Z >/dev/null
b impact measure harbour-espresso --by maya --at 2026-11-23T09:00Z
echo
b impact review
echo
b ledger trust --owner maya --as-of 2026-11-23
echo
b impact deck --week-ending 2026-10-24 -o "${DECK_OUT:-$TMP/deck-with-launches.html}"
