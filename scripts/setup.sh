#!/usr/bin/env bash
# Everything a fresh Debian machine needs to run the demo and the tests: Chromium, the engines of
# `npm run test:browsers` (Firefox ESR; WebKitGTK's WebDriver, Xvfb and the GObject bindings that
# scripts/webkitgtk-browser.py uses), and the npm packages.
# PostgreSQL (Debian's `postgresql`) for the sync server's tests (npm run test:sync).
# Overrides: CHROME_PATH, FIREFOX_PATH, WEBKIT_DRIVER_PATH (WebKitWebDriver), WEBKIT_BROWSER (a
# WebKitGTK browser for WebKitWebDriver instead of scripts/webkitgtk-browser.py): a path given must
# be an executable; nothing is installed for it.
set -euo pipefail
cd "$(dirname "$0")/.."

need_executable() { # VAR DEFAULT: true when there; an error when VAR names a missing one; else false
  local var="$1" path="${!1:-$2}"
  if [ -x "$path" ]; then return 0; fi
  if [ -n "${!var:-}" ]; then
    echo "error: $var=${!var} is not an executable" >&2
    exit 1
  fi
  return 1
}

packages=()
need_executable CHROME_PATH /usr/bin/chromium || packages+=(chromium)
need_executable FIREFOX_PATH /usr/bin/firefox-esr || packages+=(firefox-esr)
need_executable WEBKIT_DRIVER_PATH /usr/bin/WebKitWebDriver || packages+=(webkit2gtk-driver)
[ -x /usr/bin/xvfb-run ] || packages+=(xvfb)
# The sync server's tests start throwaway clusters of their own with initdb/pg_ctl (scripts/postgres.mjs).
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || [ -n "${PG_BIN:-}" ] || packages+=(postgresql)
if [ -z "${WEBKIT_BROWSER:-}" ]; then
  /usr/bin/python3 -c 'import gi; gi.require_version("Gtk", "3.0"); gi.require_version("WebKit2", "4.1")' 2>/dev/null ||
    packages+=(python3-gi gir1.2-gtk-3.0 gir1.2-webkit2-4.1)
elif [ ! -x "$WEBKIT_BROWSER" ]; then
  echo "error: WEBKIT_BROWSER=$WEBKIT_BROWSER is not an executable" >&2
  exit 1
fi

if [ "${#packages[@]}" -gt 0 ]; then
  echo "Installing Debian's ${packages[*]} (the tests drive these browsers)..."
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi
"${CHROME_PATH:-/usr/bin/chromium}" --version
"${FIREFOX_PATH:-/usr/bin/firefox-esr}" --version
ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1 | sed 's/^/PostgreSQL binaries: /' || true
echo "WebKitGTK $(dpkg-query -W -f '${Version}' libwebkit2gtk-4.1-0 2>/dev/null || echo '(version unknown)'), driver ${WEBKIT_DRIVER_PATH:-/usr/bin/WebKitWebDriver}"

npm ci --no-audit --no-fund
# Lint and the Vue/Svelte type checks need TypeScript's JavaScript API: TypeScript 6, kept apart.
npm ci --prefix tools/ts6 --no-audit --no-fund
