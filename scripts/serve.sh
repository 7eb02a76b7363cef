#!/usr/bin/env bash
# One command: install, migrate, load the demo ward, serve on http://127.0.0.1:5000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-python.sh requirements.txt
export FLASK_APP=wsgi
.venv/bin/flask db upgrade
.venv/bin/flask load-units --province 56
.venv/bin/flask seed-demo
echo "Serving on http://127.0.0.1:${PORT:-5000}  (Ctrl+C to stop)"
exec .venv/bin/flask run --host 127.0.0.1 --port "${PORT:-5000}"
