#!/usr/bin/env bash
# Renders the `mandate-lint map --format html` page of the renewal fixtures in headless
# Chromium and checks that it renders without errors: the grid and its ticks are in
# the rendered DOM, every tick's anchor exists, no console error, and nothing is
# fetched from the network. Writes a screenshot next to the page for a human look.
#
# Usage: tests/editors/html/check.sh [path/to/mandate-lint]   (from the repository root)
# Needs Debian's `chromium` (apt-get install -y chromium); says so and exits 0 when absent
# unless REQUIRE_CHROMIUM=1.
set -euo pipefail

bin="${1:-target/debug/mandate-lint}"
chromium_bin="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$chromium_bin" ]; then
  echo "check.sh: chromium not found; HTML rendering check skipped (apt-get install -y chromium)"
  [ "${REQUIRE_CHROMIUM:-0}" = "1" ] && exit 1
  exit 0
fi
if [ ! -x "$bin" ]; then
  echo "check.sh: $bin not found; build it first (cargo build)" >&2
  exit 2
fi

out="${OUT_DIR_HTML:-$(mktemp -d)}"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
page="$out/map.html"
"$bin" map fixtures/renewals --by resolution --format html > "$page"

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$profile" --enable-logging=stderr --v=0)

dom="$out/dom.html"
"$chromium_bin" "${flags[@]}" --dump-dom "file://$page" > "$dom" 2> "$out/chromium.log" || {
  echo "check.sh: chromium failed to render $page" >&2
  tail -20 "$out/chromium.log" >&2
  exit 1
}
"$chromium_bin" "${flags[@]}" --window-size=1400,1100 --screenshot="$out/map.png" \
  "file://$page" 2>> "$out/chromium.log" >/dev/null || true

fail=0
grep -q '<table class="grid">' "$dom" || { echo "check.sh: grid missing from the rendered DOM" >&2; fail=1; }
ticks=$(grep -o '>✓</a>' "$dom" | wc -l)
[ "$ticks" -ge 10 ] || { echo "check.sh: only $ticks ticks rendered" >&2; fail=1; }
# Every in-page link has its anchor.
for target in $(grep -o 'href="#[^"]*"' "$dom" | sed 's/href="#//; s/"$//' | sort -u); do
  grep -q "id=\"$target\"" "$dom" || { echo "check.sh: link #$target has no anchor" >&2; fail=1; }
done
# Console errors (JavaScript or failed loads) show up in Chromium's log as CONSOLE lines.
if grep -E 'CONSOLE.*(Error|error)|net::ERR_' "$out/chromium.log" | grep -v 'ERR_NETWORK_CHANGED' >/dev/null; then
  echo "check.sh: console errors while rendering:" >&2
  grep -E 'CONSOLE|net::ERR_' "$out/chromium.log" >&2
  fail=1
fi
if grep -Eq '<script|<link|src="http|url\(' "$page"; then
  echo "check.sh: page is not self-contained" >&2; fail=1
fi
[ "$fail" = 0 ] && echo "check.sh: OK: $ticks ticks rendered; page $page, screenshot $out/map.png"
exit "$fail"
