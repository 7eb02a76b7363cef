"""Load test: simulated phones syncing against the production-like server, then the checks.

50 phones (officers of the demo ward) sync batches for 60 seconds against gunicorn on a
throwaway PostgreSQL, on loopback only. Each phone keeps an outbox like the PWA's: it replays
uploads as they were, drops answers (closes the connection before reading them), edits and
deletes what it sent before. At the end every event the phones created must be stored exactly
once with its last acknowledged content and version, with one audit entry for its creation,
and the rollups must equal a rebuild. Prints throughput and latency percentiles.

    python bench/load.py                       # 50 phones, 60 s
    python bench/load.py --phones 10 --seconds 15

Exit status 1 when a check fails.
"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (Phone, final_checks, report, running_stack,  # noqa: E402
                           stack_arguments)


def main():
    args = stack_arguments(__doc__.splitlines()[0], phones=50, seconds=60, seed=7).parse_args()
    with running_stack(args) as (stack, names, groups):
        deadline = time.monotonic() + args.seconds
        phones = [Phone(stack, name, groups, deadline, args.seed * 1000 + i)
                  for i, name in enumerate(names)]
        started = time.monotonic()
        for phone in phones:
            phone.start()
        for phone in phones:
            phone.join(timeout=args.seconds + 300)
        elapsed = time.monotonic() - started
        stuck = [p.username for p in phones if p.is_alive()]
        report(f"load: {args.phones} phones for {args.seconds:.0f} s", phones, elapsed)
        return final_checks(stack, phones, stuck)


if __name__ == "__main__":
    sys.exit(main())
