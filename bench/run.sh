#!/usr/bin/env bash
# Benchmark: mandate-lint against the ripgrep floor and two peers (textlint with a
# term rule built from our lexicons, proselint) on the same corpus, in one run.
#
#   bash bench/run.sh            # everything (installs missing tools first)
#
# Environment knobs:
#   CORPUS=DIR        corpus of .txt resolutions (default ../shared/corpus/unsc)
#   RUNS=N            hyperfine runs per command (default 10)
#   PEER_EVERY=N      peers run on every N-th file (sorted by name) and are scaled by
#                     bytes to the whole corpus; 1 runs them on everything (default 20)
#   SKIP_PEERS=1      only mandate-lint and the floors
#   SKIP_RG_TERMS=1   skip the slow rg run over all 11,932 surface forms
#   MANDATE_LINT=BIN  use this binary instead of building target/release/mandate-lint
#
# The network is used only by the install step, and only when a tool is missing.
# Results: bench/out/results.md (the table), bench/out/*.json (raw hyperfine data).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
CORPUS=${CORPUS:-$ROOT/../shared/corpus/unsc}
RUNS=${RUNS:-10}
PEER_EVERY=${PEER_EVERY:-20}
SKIP_PEERS=${SKIP_PEERS:-0}
OUT=$HERE/out
PEERS=$HERE/peers

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'bench/run.sh: %s\n' "$*" >&2; exit 2; }

if [ ! -d "$CORPUS" ]; then
    die "corpus not found at $CORPUS (set CORPUS=DIR); nothing to measure"
fi

# --- install step (only what is missing) -------------------------------------------
missing_debs=()
command -v hyperfine >/dev/null || missing_debs+=(hyperfine)
command -v rg >/dev/null || missing_debs+=(ripgrep)
[ -x /usr/bin/time ] || missing_debs+=(time)
if [ ${#missing_debs[@]} -gt 0 ]; then
    say "installing ${missing_debs[*]} from Debian"
    apt-get update -qq && apt-get install -y -qq "${missing_debs[@]}" >/dev/null
fi
if [ "$SKIP_PEERS" != 1 ]; then
    if [ ! -x "$PEERS/node_modules/.bin/textlint" ]; then
        say "installing textlint and textlint-rule-prh from npm (package-lock.json)"
        (cd "$PEERS" && npm ci --no-audit --no-fund --loglevel=error)
    fi
    if [ ! -x "$PEERS/venv/bin/proselint" ]; then
        say "installing proselint from PyPI into bench/peers/venv"
        python3 -m venv "$PEERS/venv"
        "$PEERS/venv/bin/pip" install -q -r "$PEERS/requirements.txt"
    fi
fi

# --- build ---------------------------------------------------------------------------
if [ -n "${MANDATE_LINT:-}" ]; then
    BIN=$MANDATE_LINT
else
    say "building mandate-lint (release)"
    (cd "$ROOT" && cargo build --release --quiet)
    BIN=$ROOT/target/release/mandate-lint
fi
[ -x "$BIN" ] || die "no mandate-lint binary at $BIN"

# --- inputs --------------------------------------------------------------------------
mkdir -p "$OUT"
python3 "$HERE/gen_terms.py" "$ROOT/rules/lexicons" "$OUT" >&2
# Identical file lists for every tool: the corpus's .txt files, sorted by name, and a
# deterministic subset (every PEER_EVERY-th, starting with the first) for the peers.
find "$CORPUS" -maxdepth 1 -type f -name '*.txt' | LC_ALL=C sort >"$OUT/full.list"
awk -v n="$PEER_EVERY" 'NR % n == 1 || n == 1' "$OUT/full.list" >"$OUT/subset.list"
bytes_of() { xargs -a "$1" -d '\n' cat | wc -c; }
FULL_FILES=$(wc -l <"$OUT/full.list")
FULL_BYTES=$(bytes_of "$OUT/full.list")
SUB_FILES=$(wc -l <"$OUT/subset.list")
SUB_BYTES=$(bytes_of "$OUT/subset.list")
[ "$FULL_FILES" -gt 0 ] || die "no .txt files in $CORPUS"

# The command lines, as hyperfine runs them through sh (the $(cat …) costs ~1 ms).
ML_ARGS="check --format json --no-config --exit-zero"
ml_cmd() { echo "$BIN $ML_ARGS \$(cat $1)"; }
# Floors. ripgrep 13 (Debian) compiles -i -w with thousands of literals into a regex
# that is slower than mandate-lint itself, so three floors are measured:
#   rg-literal  one literal, every byte read and scanned: the physical floor;
#   rg-ids      the 1,308 canonical terms, -i -w: what a user would write by hand;
#   rg-terms    all 11,932 surface forms we match, -i -w (the issue's floor; minutes).
rg_literal_cmd() { echo "rg --no-config -c -F -e 'Security Council' \$(cat $1)"; }
rg_ids_cmd() { echo "rg --no-config -i -w -F -f $OUT/ids.txt -c \$(cat $1)"; }
rg_terms_cmd() { echo "rg --no-config -i -w -F -f $OUT/terms.txt -c \$(cat $1)"; }
textlint_cmd() { echo "$PEERS/node_modules/.bin/textlint --config $OUT/.textlintrc.json --format json \$(cat $1)"; }
proselint_cmd() { echo "$PEERS/venv/bin/proselint check -o json \$(cat $1)"; }

# Wall, CPU and peak memory of one run: /usr/bin/time -v into OUT/time-NAME.txt.
measure_once() {
    local name=$1 cmd=$2
    say "$name (one timed run)"
    /usr/bin/time -v -o "$OUT/time-$name.txt" sh -c "$cmd" >"$OUT/output-$name.json" 2>"$OUT/stderr-$name.txt" || true
}

printf 'load before: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >"$OUT/load.txt"

say "whole corpus: $FULL_FILES files, $FULL_BYTES bytes ($RUNS runs each)"
hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$OUT/hyperfine-full.json" \
    -n mandate-lint "$(ml_cmd "$OUT/full.list")" \
    -n rg-literal "$(rg_literal_cmd "$OUT/full.list")" >&2
measure_once mandate-lint-full "$(ml_cmd "$OUT/full.list")"
measure_once rg-literal-full "$(rg_literal_cmd "$OUT/full.list")"
measure_once rg-ids-full "$(rg_ids_cmd "$OUT/full.list")"
if [ "${SKIP_RG_TERMS:-0}" != 1 ]; then
    measure_once rg-terms-full "$(rg_terms_cmd "$OUT/full.list")"
fi

if [ "$SKIP_PEERS" != 1 ]; then
    say "peer subset: every ${PEER_EVERY}th file, $SUB_FILES files, $SUB_BYTES bytes"
    hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$OUT/hyperfine-subset.json" \
        -n mandate-lint "$(ml_cmd "$OUT/subset.list")" \
        -n rg-literal "$(rg_literal_cmd "$OUT/subset.list")" >&2
    # The peers take minutes: one timed run each.
    measure_once textlint "$(textlint_cmd "$OUT/subset.list")"
    measure_once proselint "$(proselint_cmd "$OUT/subset.list")"
fi
printf 'load after:  %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/load.txt"

python3 "$HERE/report.py" "$OUT" "$FULL_FILES" "$FULL_BYTES" "$SUB_FILES" "$SUB_BYTES" "$PEER_EVERY" \
    | tee "$OUT/results.md"
