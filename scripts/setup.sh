#!/usr/bin/env bash
# Everything a fresh Debian machine needs to run the demo and the tests: Chromium and the npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium="${CHROME_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ -n "${CHROME_PATH:-}" ]; then
    echo "error: CHROME_PATH=$CHROME_PATH is not an executable" >&2
    exit 1
  fi
  echo "Installing Debian's chromium (tests and the benchmark drive it)..."
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
"$chromium" --version

npm ci --no-audit --no-fund
