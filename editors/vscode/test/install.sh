#!/usr/bin/env bash
# Installs what the workbench test needs into editors/vscode/test/node_modules:
# code-server 4.100.3 (VS Code 1.100.3, needs Node 20) and playwright-core 1.65.1,
# exactly as package-lock.json pins them, without any download from outside the npm
# registry. System packages it relies on (installed by .ci/run): node 20, g++, make,
# libkrb5-dev (native modules of VS Code), ripgrep, chromium.
set -euo pipefail
cd "$(dirname "$0")"

for tool in node npm g++ make rg; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install.sh: $tool is required" >&2; exit 1; }
done
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" != 20 ]; then
  echo "install.sh: code-server 4.100.3 needs Node 20, found $(node --version)" >&2
  exit 1
fi

# Native modules compile against the system's Node headers; nothing is fetched from
# a prebuilt-binary host (node-pre-gyp and prebuild-install are told to build).
export npm_config_nodedir=/usr npm_config_yes=true npm_config_unsafe_perm=true
export npm_config_build_from_source=true
quiet=(--no-audit --no-fund --loglevel=error)

# 1. code-server and playwright-core from the lock file, with no install scripts
#    (code-server's postinstall would run an unpinned `npm install`).
npm ci --ignore-scripts "${quiet[@]}"

# 2. VS Code's own dependencies, pinned by the npm-shrinkwrap.json that code-server
#    ships, again without scripts.
vscode=node_modules/code-server/lib/vscode
(cd "$vscode" && npm install --omit=dev --ignore-scripts "${quiet[@]}")

# 3. @vscode/ripgrep's postinstall downloads a binary; give it Debian's rg instead
#    (the script exits early when bin/ exists).
mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin"
ln -sf "$(command -v rg)" "$vscode/node_modules/@vscode/ripgrep/bin/rg"

# 4. Now the install scripts: native modules built from source (node-pty, spdlog,
#    watchdog, kerberos, …) and code-server's argon2.
(cd "$vscode" && npm rebuild "${quiet[@]}")
npm rebuild argon2 "${quiet[@]}"

# 5. What code-server's postinstall would have done besides installing: VS Code looks
#    for bundled modules under node_modules.asar.
ln -sfn node_modules "$vscode/node_modules.asar"

# Proof that it starts (its config file goes to a throw-away folder, not ~/.config).
scratch="$(mktemp -d)"
XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" node node_modules/code-server/out/node/entry.js --version
rm -rf "$scratch"
