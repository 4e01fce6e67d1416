#!/usr/bin/env bash
# Install what the tests need on a fresh Debian machine (run as root), then run them all.
#   - Chromium for the browser tests (Debian's package; Playwright's own download is not used)
#   - axe-core from package-lock.json (npm ci) for the accessibility checks
#   - the project with its test extra
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
fi
if [ ! -d node_modules ]; then
    if ! command -v npm >/dev/null; then
        apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm
    fi
    npm ci --no-audit --no-fund
fi
python3 -m pip install -q -e '.[test]'
exec python3 -m pytest "$@"
