#!/usr/bin/env bash
# Instructions per keystroke of the language server's check (Engine::check_incremental),
# counted by callgrind: `stages DRAFT --edits N` minus `stages DRAFT --edits 0`, over N,
# so the first check, start-up and the engine's load cancel out. One rayon thread: with
# two, the idle workers' spinning moves a build's count by about ±0.05 M from run to run;
# with one, a build gives the same count every run (within ±0.04 M: the hash seeds of
# the maps it fills). The drafts: the latency benchmark's generated 250 KB and 60 KB
# drafts, and four corpus resolutions from 216 KB to 18 KB (skipped without ../shared).
# Then the same for the whole language server process (see the end).
#
#   bash bench/keystroke/run.sh [N]        (N edits, 20 by default; needs valgrind)
#
# Compare two builds by running it in two checkouts: the counts are exact, not timed.
set -euo pipefail
cd "$(dirname "$0")/../.."
edits="${1:-20}"
if ! command -v valgrind > /dev/null; then
    echo "bench/keystroke/run.sh: valgrind is not installed (apt install valgrind)" >&2
    exit 2
fi
cargo build --quiet --profile profiling --example stages --example lsp_latency --bin mandate-lint
stages=target/profiling/examples/stages
corpus=../shared/corpus/unsc
drafts=("generated:256000|generated 250 KB" "generated:61440|generated 60 KB")
for f in S-RES-2231-2015 S-RES-2734-2024 S-RES-2409-2018 S-RES-2045-2012; do
    if [ -f "$corpus/$f.txt" ]; then
        drafts+=("$corpus/$f.txt|$f, $(( $(wc -c < "$corpus/$f.txt") / 1000 )) KB")
    fi
done
# Instructions callgrind collected for one run of `stages`.
collected() {
    RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$stages" "$1" --edits "$2" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
# One row per "input|name" entry: what the counting function named first collects with
# N edits, less what it collects with none, over N.
rows() {
    local count="$1" entry input name with without
    shift
    for entry in "$@"; do
        input="${entry%%|*}"
        name="${entry#*|}"
        with=$("$count" "$input" "$edits")
        without=$("$count" "$input" 0)
        awk -v a="$with" -v b="$without" -v n="$edits" -v name="$name" \
            'BEGIN { printf "| %s | %.2f M |\n", name, (a - b) / n / 1e6 }'
    done
}
echo "| draft | instructions per keystroke ($edits edits, $(git rev-parse --short HEAD 2> /dev/null || echo "this tree")) |"
echo "|---|---|"
rows collected "${drafts[@]}"

# The language server whole: the same count over the server process that the latency
# benchmark drives (`lsp_latency --edits N` minus `--edits 0`; its 250 KB and 60 KB
# drafts, a character typed and deleted in paragraph 2, so every paragraph after it
# moves), from didChange read to the publication written: the check, the conversion of
# every finding to the protocol's positions and the notification's bytes.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '#!/bin/sh\nexec env RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="%s/out" "%s" "$@" 2> /dev/null\n' \
    "$work" "$PWD/target/profiling/mandate-lint" > "$work/server"
chmod +x "$work/server"
server_collected() {
    rm -f "$work/out"
    target/profiling/examples/lsp_latency "$work/server" --bytes "$1" --edits "$2" \
        --no-memory --json > /dev/null 2>&1
    sed -n 's/^totals: \([0-9]*\).*/\1/p' "$work/out"
}
echo
echo "| language server, didChange → publication written | instructions per keystroke ($edits edits) |"
echo "|---|---|"
rows server_collected "256000|generated 250 KB" "61440|generated 60 KB"
