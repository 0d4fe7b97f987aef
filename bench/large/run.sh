#!/usr/bin/env bash
# Regression benchmark for rules that must stay linear in the size of a draft (issue 15):
# `check --select RES008` on generated drafts of 62.5 KB to 1 MB (gen_draft.py), best of
# RUNS runs each, CPU time (user+sys). A linear rule doubles its time when the draft
# doubles; the old RES008 quadrupled it. Not a test: nothing is asserted.
#
#   bash bench/large/run.sh                 # builds target/release/mandate-lint first
#   MANDATE_LINT=path/to/binary bash bench/large/run.sh
#   RUNS=5 SIZES="250000 1000000" bash bench/large/run.sh
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$(dirname "$HERE")")
RUNS=${RUNS:-3}
SIZES=${SIZES:-"62500 125000 250000 500000 1000000"}
if [ -n "${MANDATE_LINT:-}" ]; then
    BIN=$MANDATE_LINT
else
    (cd "$ROOT" && cargo build --release --quiet)
    BIN=$ROOT/target/release/mandate-lint
fi
[ -x /usr/bin/time ] || { echo "bench/large/run.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Best CPU time in ms of RUNS runs of `check --select RES008` on a file.
best_of() {
    local best="" t
    for _ in $(seq "$RUNS"); do
        t=$( { /usr/bin/time -f '%U %S' "$BIN" check --no-config --select RES008 --format json --exit-zero "$1" > /dev/null; } 2>&1 | tail -1 | awk '{ printf "%d", ($1 + $2) * 1000 }')
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    echo "$best"
}

# The fixed cost (start-up, one page) is measured on a fixture and taken off the rest.
base=$(best_of "$ROOT/fixtures/mission-renewal-gaps.txt")
printf 'Start-up and a one-page draft (fixtures/mission-renewal-gaps.txt): %s ms CPU\n\n' "$base"
printf '| draft | bytes | check --select RES008, CPU (best of %s) | above the one-page draft | vs half the size |\n' "$RUNS"
printf '|---|---|---|---|---|\n'
prev=""
for size in $SIZES; do
    draft=$TMP/large-$size.txt
    python3 "$HERE/gen_draft.py" "$size" > "$draft"
    bytes=$(wc -c < "$draft")
    best=$(best_of "$draft")
    above=$(( best > base ? best - base : 0 ))
    ratio="-"
    if [ -n "$prev" ] && [ "$prev" -gt 0 ]; then
        ratio=$(awk -v a="$above" -v b="$prev" 'BEGIN { printf "%.1fx", a / b }')
    fi
    printf '| generated, one long paragraph | %s | %s ms | %s ms | %s |\n' "$bytes" "$best" "$above" "$ratio"
    prev=$above
done
