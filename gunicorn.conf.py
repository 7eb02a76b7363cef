"""gunicorn's settings for the tracker (read by `gunicorn -c gunicorn.conf.py wsgi:app`).

Workers and threads follow the machine's CPUs unless WEB_CONCURRENCY / THREADS say otherwise;
PORT and BIND choose where it listens (loopback by default: a reverse proxy faces the internet).
With PROMETHEUS_MULTIPROC_DIR set, every worker writes its figures there and /metrics adds them.
"""
import multiprocessing
import os

from prometheus_client import multiprocess

_cpus = multiprocessing.cpu_count()
bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '5000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * _cpus + 1))
worker_class = "gthread"
threads = int(os.environ.get("THREADS", max(2, _cpus)))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))  # a year's Excel report takes seconds
graceful_timeout = 20
keepalive = 5
accesslog = os.environ.get("ACCESS_LOG", "-")  # journald collects stdout under systemd
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
# Restart each worker now and then, so a slow leak never grows for weeks.
max_requests = 5000
max_requests_jitter = 500
# No control socket in the home folder: two masters on one machine would fight over it.
control_socket_disable = True


def child_exit(_server, worker):
    """A worker that ends leaves its live gauges behind; its counters stay counted."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
