"""What the read benches share: their command line (backends, sizes, repeats, a quick mode), the
clock they read (wall time, and the CPU time of the bench process plus the database's server
processes, which other work on a shared machine moves much less) and the bar a read path must
meet, each figure a median of its repeats."""
import argparse
import os
import statistics
import time
from pathlib import Path

BAR_MS = 200


def size_parser(quick_help):
    """The benches' arguments: --backends, --sizes (events in the ward), --repeat, --quick."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--sizes", default="5000,50000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help=quick_help)
    return parser


def cpu_seconds(pid):
    """User + system CPU seconds a process has used, from /proc (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def database_pids(connection):
    """The PostgreSQL server processes of the connection's database (none for SQLite)."""
    if connection.dialect.name != "postgresql":
        return set()
    return set(connection.exec_driver_sql(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database()").scalars())


def timed_calls(call, repeat, pids=()):
    """Call `call()` `repeat` times: (median wall ms, max wall ms, CPU ms per call, last answer).
    The CPU is this process's and that of the database processes `pids`, summed over the calls
    and divided by their number (/proc counts a process's CPU in 10 ms ticks, too coarse for
    one call)."""
    times, answer = [], None
    cpu_started = time.process_time() + sum(map(cpu_seconds, pids))
    for _ in range(repeat):
        started = time.perf_counter()
        answer = call()
        times.append((time.perf_counter() - started) * 1000)
    cpu = time.process_time() + sum(map(cpu_seconds, pids)) - cpu_started
    return statistics.median(times), max(times), cpu * 1000 / repeat, answer


def verdict(backend, figures, what="median"):
    """Whether every query of `figures` ([(size, query, ms)]) answers under BAR_MS at the
    largest size and within twice its figure at the smallest: one line, the misses named."""
    smallest, largest = min(f[0] for f in figures), max(f[0] for f in figures)
    base = {name: ms for size, name, ms in figures if size == smallest}
    missed = [f"{name} {ms:.1f} ms (×{ms / max(base[name], 0.1):.1f})"
              for size, name, ms in figures
              if size == largest and (ms >= BAR_MS or (largest > smallest and ms > 2 * base[name]))]
    word = "MISSED" if missed else "met   "
    return (f"{word} {backend}: every {what} < {BAR_MS} ms at {largest:,} and ≤ 2× its "
            f"{smallest:,} figure" + (f" ({', '.join(missed)})" if missed else ""))
