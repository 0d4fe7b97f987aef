#!/usr/bin/env bash
# Builds the VS Code extension into editors/vscode/mandate-lint-<version>.vsix.
# Needs node and npm; installs the locked dependencies first.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npm run compile
npx --no-install vsce package --allow-missing-repository --skip-license -o "mandate-lint-$(node -p 'require("./package.json").version').vsix"
