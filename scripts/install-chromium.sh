#!/usr/bin/env bash
# Installs Debian's chromium (used by the HTML report tests through playwright-core) when
# /usr/bin/chromium is missing. `npx playwright install` cannot download a browser here; apt can.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
  echo "install-chromium: /usr/bin/chromium is missing and installing it needs root: apt-get install -y chromium" >&2
  exit 1
fi
echo "install-chromium: installing chromium with apt-get ..." >&2
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
[ -x /usr/bin/chromium ] || { echo "install-chromium: apt-get finished but /usr/bin/chromium is still missing" >&2; exit 1; }
