#!/usr/bin/env bash
# Runs the headless Neovim end-to-end test of the language server.
# Needs: nvim (Debian bookworm's 0.7 is enough) and a built server
# (cargo build, or MANDATE_LINT_BIN=/path/to/mandate-lint).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v nvim >/dev/null 2>&1; then
  echo "nvim not installed: install it (apt-get install -y neovim) to run this test" >&2
  exit 1
fi
# timeout bounds the whole run in case the editor itself hangs.
timeout 60 nvim --headless -u NONE -i NONE -n -c "luafile $here/lsp_test.lua"
echo "1 passed, 0 failed"
