#!/usr/bin/env bash
# One command: install what the tests need (PostgreSQL, Redis and Chromium from Debian
# included) and run every test, on SQLite and PostgreSQL, with the PWA in real Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/redis-server ] || need+=(redis-server)
# The QR poster's Vietnamese is set in DejaVu Serif (pwa/css/poster.css).
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || need+=(fonts-dejavu-core)
command -v runuser >/dev/null || need+=(util-linux)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing from Debian: ${need[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}" >/dev/null
fi
# The test set-up starts its own throwaway PostgreSQL cluster and Redis; the packaged ones are not
# needed.
bash scripts/setup-python.sh requirements-test.txt
export OUTREACH_REQUIRE_PG=1 OUTREACH_REQUIRE_BROWSER=1
# One worker per core (TEST_WORKERS=0 runs in this process); the browser tests keep to one worker.
exec .venv/bin/python -m pytest -n "${TEST_WORKERS:-auto}" --dist loadgroup "$@"
