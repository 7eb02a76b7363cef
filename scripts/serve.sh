#!/usr/bin/env bash
# One command: install, migrate, load the demo ward, serve on http://127.0.0.1:5000 with gunicorn
# (workers and threads from the CPU count; WEB_CONCURRENCY / THREADS override them).
# `scripts/serve.sh --dev` (or SERVE_DEV=1) runs Flask's development server instead, for development.
set -euo pipefail
cd "$(dirname "$0")/.."
dev="${SERVE_DEV:-}"
[ "${1:-}" = "--dev" ] && dev=1
bash scripts/setup-python.sh requirements.txt
export FLASK_APP=wsgi PORT="${PORT:-5000}"
.venv/bin/flask db upgrade
.venv/bin/flask load-units --province 56
.venv/bin/flask seed-demo
echo "Serving on http://127.0.0.1:${PORT}  (Ctrl+C to stop)"
if [ -n "$dev" ]; then
  exec .venv/bin/flask run --host 127.0.0.1 --port "$PORT"
fi
# Each worker's request and sync figures, added up by /metrics; emptied at every start.
export PROMETHEUS_MULTIPROC_DIR="${PROMETHEUS_MULTIPROC_DIR:-$PWD/instance/prometheus}"
mkdir -p "$PROMETHEUS_MULTIPROC_DIR" && rm -f "$PROMETHEUS_MULTIPROC_DIR"/*.db
exec .venv/bin/gunicorn -c gunicorn.conf.py wsgi:app
