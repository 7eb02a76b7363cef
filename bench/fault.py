"""Fault test: the server killed with SIGKILL in the middle of sync batches, restarted, phones retry.

Phones (officers of the demo ward) sync as in bench/load.py against gunicorn on a throwaway
PostgreSQL. Every few seconds, once several uploads are in flight, the whole gunicorn process
group (master and workers) gets SIGKILL: requests die half-way, some after their transaction
committed and before the answer left, some before. The server is started again at once; the
phones see refused connections and lost answers and retry from their outboxes. At the end:
nothing lost, nothing doubled, every event with its last acknowledged content and one audit
entry for its creation, and the rollups equal a rebuild.

    python bench/fault.py                      # 20 phones, 45 s, 8 kills
    python bench/fault.py --phones 10 --seconds 20 --kills 3

Exit status 1 when a check fails.
"""
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (Phone, final_checks, report, running_stack,  # noqa: E402
                           stack_arguments)


class InFlight:
    """How many sync uploads are between sending and their answer, across all phones."""

    def __init__(self):
        self.lock, self.count = threading.Lock(), 0

    def __enter__(self):
        with self.lock:
            self.count += 1

    def __exit__(self, *exc):
        with self.lock:
            self.count -= 1


class CountedPhone(Phone):
    in_flight = None

    def post_sync(self, events, drop=False):
        with self.in_flight:
            return super().post_sync(events, drop=drop)


def killer(stack, in_flight, phones, seconds, kills, rng, log):
    """SIGKILL the server `kills` times while uploads are in flight, starting it again each time,
    spread over `seconds` (longer when restarts are slow); then let the phones stop."""
    started = time.monotonic()
    for n in range(kills):
        # Spread the remaining kills over the remaining time; at least 1 s of traffic between.
        gap = max(1.0, (started + seconds - time.monotonic()) / (kills - n + 0.5))
        time.sleep(rng.uniform(0.5 * gap, 0.8 * gap))
        waited = time.monotonic()
        while in_flight.count < 3 and time.monotonic() - waited < 5:
            time.sleep(0.005)
        busy = in_flight.count
        stack.kill()
        down = time.monotonic()
        stack.start()
        log.append((n + 1, busy, time.monotonic() - down))
    # A last stretch of traffic on the restarted server, then the phones drain their outboxes.
    end = max(started + seconds, time.monotonic() + 2)
    time.sleep(max(0.0, end - time.monotonic()))
    for phone in phones:
        phone.deadline = time.monotonic()


def main():
    parser = stack_arguments(__doc__.splitlines()[0], phones=20, seconds=45, seed=9)
    parser.add_argument("--kills", type=int, default=8)
    args = parser.parse_args()
    with running_stack(args) as (stack, names, groups):
        in_flight = InFlight()
        CountedPhone.in_flight = in_flight
        # The killer ends the run (see killer); this is only a backstop.
        deadline = time.monotonic() + args.seconds + 600
        phones = [CountedPhone(stack, name, groups, deadline, args.seed * 1000 + i)
                  for i, name in enumerate(names)]
        kills = []
        started = time.monotonic()
        for phone in phones:
            phone.start()
        murderer = threading.Thread(target=killer, daemon=True, args=(
            stack, in_flight, phones, args.seconds, args.kills, random.Random(args.seed), kills))
        murderer.start()
        murderer.join()
        for phone in phones:
            phone.join(timeout=args.seconds + 300)
        elapsed = time.monotonic() - started
        stuck = [p.username for p in phones if p.is_alive()]
        report(f"fault: {args.phones} phones, server killed {len(kills)} times", phones, elapsed)
        for n, busy, restart in kills:
            print(f"kill {n}: SIGKILL with {busy} uploads in flight; up again in {restart:.1f} s")
        extra = [f"only {len(kills)} of {args.kills} kills happened"] if len(kills) < args.kills else []
        return final_checks(stack, phones, stuck, extra)


if __name__ == "__main__":
    sys.exit(main())
