#!/usr/bin/env bash
# Benchmark: one table, every case measured side by side in one run (issue 15):
#   - the floor: ripgrep counting the DSR terms (`rg -c -i -F -f`, the terms of the
#     defence-sector lexicon as `mandate-lint debug term-forms` prints them) over the
#     corpus;
#   - mandate-lint, whole corpus, all rules, JSON: wall, CPU, peak RSS, ratio to floor;
#   - start-up: `mandate-lint rules`, and `check` of a one-page draft;
#   - the language server: didChange → publishDiagnostics p50/p99 on a 60 KB and a
#     250 KB draft (200 single-character edits, debounce off), and its floor: the same
#     server built to publish its last findings on each change without checking
#     (`--features bench-publish-only`), what publishing alone costs.
#
#   bash bench/run.sh            # installs missing tools first (hyperfine, rg, time)
#
# Environment knobs:
#   CORPUS=DIR        corpus of .txt resolutions (default ../shared/corpus/unsc)
#   RUNS=N            hyperfine runs per command (default 10)
#   MANDATE_LINT=BIN  use this binary instead of building target/dist/mandate-lint
#                     (the `dist` profile: what users install, with link-time
#                     optimisation)
#   LSP_LATENCY=BIN   use this lsp_latency example binary instead of building it
#   LSP_FLOOR_BIN=BIN use this publish-only server for the language server's floor
#                     (default target/dist/mandate-lint-publish-only, built unless
#                     MANDATE_LINT is given; without one the floor rows are left out)
#   TERM_FORMS_BIN=BIN  take the term forms from this binary (one without
#                     `debug term-forms`, such as an old build, cannot give them)
#   PEERS=1           also run textlint and proselint on a subset (see README; minutes)
#   PEER_EVERY=N      the peers' subset: every N-th file (default 20)
#
# The network is used only by the install step, and only when a tool is missing.
# Results: bench/out/results.md (the table), raw hyperfine JSON and time -v beside it.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
CORPUS=${CORPUS:-$ROOT/../shared/corpus/unsc}
RUNS=${RUNS:-10}
PEERS=${PEERS:-0}
PEER_EVERY=${PEER_EVERY:-20}
OUT=$HERE/out
PEER_DIR=$HERE/peers
ONE_PAGE=$ROOT/fixtures/comprehensive-dsr-mandate.txt

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'bench/run.sh: %s\n' "$*" >&2; exit 2; }

[ -d "$CORPUS" ] || die "corpus not found at $CORPUS (set CORPUS=DIR); nothing to measure"

# --- install step (only what is missing) -------------------------------------------
missing_debs=()
command -v hyperfine >/dev/null || missing_debs+=(hyperfine)
command -v rg >/dev/null || missing_debs+=(ripgrep)
[ -x /usr/bin/time ] || missing_debs+=(time)
if [ ${#missing_debs[@]} -gt 0 ]; then
    say "installing ${missing_debs[*]} from Debian"
    apt-get update -qq && apt-get install -y -qq "${missing_debs[@]}" >/dev/null
fi
if [ "$PEERS" = 1 ]; then
    if [ ! -x "$PEER_DIR/node_modules/.bin/textlint" ]; then
        say "installing textlint and textlint-rule-prh from npm (package-lock.json)"
        (cd "$PEER_DIR" && npm ci --no-audit --no-fund --loglevel=error)
    fi
    if [ ! -x "$PEER_DIR/venv/bin/proselint" ]; then
        say "installing proselint from PyPI into bench/peers/venv"
        python3 -m venv "$PEER_DIR/venv"
        "$PEER_DIR/venv/bin/pip" install -q -r "$PEER_DIR/requirements.txt"
    fi
fi

# --- build ---------------------------------------------------------------------------
if [ -z "${MANDATE_LINT:-}" ] && [ -z "${LSP_FLOOR_BIN:-}" ]; then
    # The floor first: the feature changes the binary, which the build below restores.
    say "building the publish-only server (dist, --features bench-publish-only)"
    (cd "$ROOT" && cargo build --profile dist --quiet --bin mandate-lint --features bench-publish-only \
        && cp target/dist/mandate-lint target/dist/mandate-lint-publish-only)
fi
if [ -z "${MANDATE_LINT:-}" ] || [ -z "${LSP_LATENCY:-}" ]; then
    say "building mandate-lint (dist) and the lsp_latency example (release)"
    (cd "$ROOT" && cargo build --profile dist --quiet --bin mandate-lint && cargo build --release --quiet --example lsp_latency)
fi
BIN=${MANDATE_LINT:-$ROOT/target/dist/mandate-lint}
LSP=${LSP_LATENCY:-$ROOT/target/release/examples/lsp_latency}
FLOOR_BIN=${LSP_FLOOR_BIN:-$ROOT/target/dist/mandate-lint-publish-only}
# A floor built from this tree is not the floor of another MANDATE_LINT.
if [ -n "${MANDATE_LINT:-}" ] && [ -z "${LSP_FLOOR_BIN:-}" ]; then FLOOR_BIN=""; fi
[ -x "$BIN" ] || die "no mandate-lint binary at $BIN"
[ -x "$LSP" ] || die "no lsp_latency binary at $LSP"

# --- inputs --------------------------------------------------------------------------
mkdir -p "$OUT"
rm -f "$OUT"/time-*.txt "$OUT"/lsp-*.json
# The floor searches the defence terms the analysis searches: the defence-sector
# lexicon's terms, from the engine itself (cases folded, as rg -i does).
python3 "$HERE/gen_terms.py" "${TERM_FORMS_BIN:-$BIN}" "$OUT" >&2
find "$CORPUS" -maxdepth 1 -type f -name '*.txt' | LC_ALL=C sort >"$OUT/full.list"
FULL_FILES=$(wc -l <"$OUT/full.list")
FULL_BYTES=$(xargs -a "$OUT/full.list" -d '\n' cat | wc -c)
[ "$FULL_FILES" -gt 0 ] || die "no .txt files in $CORPUS"

# Commands as hyperfine runs them (through sh; the $(cat …) costs ~1 ms).
floor_cmd="rg --no-config -c -i -F -f $OUT/dsr-terms.txt \$(cat $OUT/full.list)"
corpus_cmd="$BIN check --format json --no-config --exit-zero \$(cat $OUT/full.list)"
rules_cmd="$BIN rules"
page_cmd="$BIN check --no-config --exit-zero $ONE_PAGE"

measure_once() { # name cmd: wall, CPU and peak RSS of one run (time -v)
    /usr/bin/time -v -o "$OUT/time-$1.txt" sh -c "$2" >"$OUT/output-$1.txt" 2>"$OUT/stderr-$1.txt" || true
}

printf 'load before: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >"$OUT/load.txt"
say "corpus: $FULL_FILES files, $FULL_BYTES bytes; $RUNS runs each"
hyperfine --style basic --warmup 2 --runs "$RUNS" --export-json "$OUT/hyperfine.json" \
    -n floor "$floor_cmd" \
    -n corpus "$corpus_cmd" \
    -n rules "$rules_cmd" \
    -n one-page "$page_cmd" >&2
for case in floor corpus rules one-page; do
    case $case in
        floor) cmd=$floor_cmd ;; corpus) cmd=$corpus_cmd ;;
        rules) cmd=$rules_cmd ;; one-page) cmd=$page_cmd ;;
    esac
    measure_once "$case" "$cmd"
done
say "language server: 60 KB and 250 KB drafts, 200 edits each, and its publication floor"
# Each size's floor straight after it, so that both meet the same load.
for size in 60:61440 250:256000; do
    "$LSP" "$BIN" --bytes "${size#*:}" --json --no-memory >"$OUT/lsp-${size%%:*}.json"
    if [ -n "$FLOOR_BIN" ] && [ -x "$FLOOR_BIN" ]; then
        "$LSP" "$FLOOR_BIN" --bytes "${size#*:}" --json --no-memory >"$OUT/lsp-floor-${size%%:*}.json"
    fi
done

if [ "$PEERS" = 1 ]; then
    say "peers on every ${PEER_EVERY}th file"
    awk -v n="$PEER_EVERY" 'NR % n == 1 || n == 1' "$OUT/full.list" >"$OUT/subset.list"
    hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$OUT/hyperfine-subset.json" \
        -n mandate-lint "$BIN check --format json --no-config --exit-zero \$(cat $OUT/subset.list)" >&2
    measure_once textlint "$PEER_DIR/node_modules/.bin/textlint --config $OUT/.textlintrc.json --format json \$(cat $OUT/subset.list)"
    measure_once proselint "$PEER_DIR/venv/bin/proselint check -o json \$(cat $OUT/subset.list)"
fi
printf 'load after:  %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/load.txt"

python3 "$HERE/report.py" "$OUT" "$FULL_FILES" "$FULL_BYTES" "$BIN" | tee "$OUT/results.md"
