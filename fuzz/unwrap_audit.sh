#!/bin/sh
# Lists every unwrap/expect/indexing/panic site in the library (not tests) as
# "file:line lint", sorted, with a count per lint. Run from anywhere in the repo.
set -eu
cd "$(dirname "$0")/.."
cargo clippy --lib --message-format=short -- \
    -W clippy::unwrap_used -W clippy::expect_used \
    -W clippy::indexing_slicing -W clippy::panic 2>&1 |
  grep -E '^src/.*(unwrap_used|expect_used|indexing_slicing|clippy::panic)' |
  sed -E 's/^([^:]+:[0-9]+):[0-9]+: warning: (.*) \[?.*(clippy::[a-z_]+).*$/\1 \3/' |
  sort -t: -k1,1 -k2,2n | uniq > /tmp/mandate-lint-unwrap-audit.txt || true
cat /tmp/mandate-lint-unwrap-audit.txt
echo "--"
awk '{print $2}' /tmp/mandate-lint-unwrap-audit.txt | sort | uniq -c
