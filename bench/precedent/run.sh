#!/usr/bin/env bash
# Precedent index benchmark (issue 13): build time and file size for the whole corpus,
# peak memory of `mandate-lint precedent`, lookup latency. Not a test: nothing here
# asserts a time.
#
#   bash bench/precedent/run.sh
#
# Knobs: CORPUS=DIR (default ../shared/corpus/unsc), BUILDS=N index builds timed
# (default 3), QUERIES=N lookups (default 400), REPEATS=N runs of each lookup (default 5).
# Needs /usr/bin/time (Debian package `time`).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CORPUS=${CORPUS:-$ROOT/../shared/corpus/unsc}
BUILDS=${BUILDS:-3}
QUERIES=${QUERIES:-400}
export REPEATS=${REPEATS:-5}
[ -d "$CORPUS" ] || { echo "bench/precedent/run.sh: corpus not found at $CORPUS" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench/precedent/run.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

cargo build --release --quiet --bin mandate-lint --example precedent_lookup
BIN=$ROOT/target/release/mandate-lint
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
INDEX=$WORK/unsc.mlpi

field() { grep "$1" "$2" | sed 's/.*: //'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| build | wall | CPU user+sys | peak RSS |"
echo "|---|---|---|---|"
for i in $(seq "$BUILDS"); do
    /usr/bin/time -v "$BIN" index "$CORPUS" -o "$INDEX" >"$WORK/index.out" 2>"$WORK/time.txt"
    wall=$(field 'Elapsed (wall clock)' "$WORK/time.txt")
    user=$(field 'User time' "$WORK/time.txt")
    sys=$(field 'System time' "$WORK/time.txt")
    rss=$(field 'Maximum resident set size' "$WORK/time.txt")
    printf '| %s | %s | %.2f s | %d MB |\n' "$i" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
done
echo
head -1 "$WORK/index.out"
echo "index file: $(stat -c %s "$INDEX") bytes"
echo

# Memory while serving: the `precedent` command, one lookup and one --first.
CLAUSE="$CORPUS/S-RES-1867-2009.txt:4"
echo "| command | wall | peak RSS |"
echo "|---|---|---|"
for args in "$CLAUSE" "--first $CLAUSE" "--format json --limit 20 $CLAUSE"; do
    # shellcheck disable=SC2086
    /usr/bin/time -v "$BIN" precedent --precedents "$INDEX" $args >/dev/null 2>"$WORK/time.txt"
    printf '| precedent %s | %s | %d MB |\n' "${args/$CORPUS\//}" \
        "$(field 'Elapsed (wall clock)' "$WORK/time.txt")" \
        "$(( $(field 'Maximum resident set size' "$WORK/time.txt") / 1024 ))"
done
echo

"$ROOT/target/release/examples/precedent_lookup" "$INDEX" "$QUERIES"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
