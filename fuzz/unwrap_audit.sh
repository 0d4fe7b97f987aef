#!/bin/sh
# Lists every unwrap/expect/indexing/slicing/panic site that clippy finds in the
# library and binaries (not tests) as "file:line:col: message", then a count per kind.
# Run from anywhere in the repository; classify each hit by hand (input-derived or not).
set -eu
cd "$(dirname "$0")/.."
out=${TMPDIR:-/tmp}/mandate-lint-unwrap-audit.txt
cargo clippy --lib --bins --message-format=short -- \
    -W clippy::unwrap_used -W clippy::expect_used \
    -W clippy::indexing_slicing -W clippy::string_slice -W clippy::panic 2>&1 |
  grep -E '^src/.*warning: (used `(unwrap|expect)\(\)`|indexing may panic|slicing may panic|indexing into a string may panic if the index is within a UTF-8 character|`panic` should not be present)' |
  sort -u > "$out" || true
cat "$out"
echo "-- $(wc -l < "$out") hits"
sed -E 's/.*warning: //' "$out" | sort | uniq -c
