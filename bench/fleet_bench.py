"""Fleet proof: two app instances sharing one PostgreSQL and one Redis, 100 phones, a SIGKILL and a
Redis restart in the middle; then nothing lost, nothing doubled, rollups equal a rebuild, and the
login throttle and a revocation hold across the instances.

Two gunicorn masters (`gunicorn.conf.py`, production settings, as two machines would run them) on
two loopback ports share a throwaway PostgreSQL (tests/pg.py) and a throwaway Redis
(tests/redis_server.py). 100 officers of the demo ward each run a phone (bench/harness.py's:
an outbox flushed in batches, replays of the same batch, answers dropped and the batch sent again,
edits and deletes with base_version), half of them on each instance. At a third of the run the
first instance's process group gets SIGKILL; its phones fail over to the second until it is up
again; at two thirds Redis is stopped and started again (its counters are gone, the logins go on).
A prober logs in through both instances every second and prints what they answered meanwhile.

At the end: every event a phone holds as acknowledged is stored once with its last edit and one
audit entry for its creation, nothing stored that no phone sent, no outbox left; the rollups equal
a rebuild (`flask rebuild-rollups`); five wrong passwords through one instance make the right one
refused (429) by the other; a session ended through one is refused (401) by the other.

    python bench/fleet_bench.py                 # 100 phones, 60 s
    python bench/fleet_bench.py --quick         # ~15 s

Loopback only, bounded (the phones stop at the deadline and drain their outboxes), everything it
started is stopped; exit status 1 when a check fails.
"""
import argparse
import http.client
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from tempfile import mkdtemp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import (PASSWORD, Phone, Stack, final_checks, report,  # noqa: E402
                           request)
from tests.instances import Instance  # noqa: E402
from tests.redis_server import RedisServer  # noqa: E402

FAILOVER_S = 5  # a phone whose instance failed tries the other one for this long


class Fleet(Stack):
    """The throwaway PostgreSQL (Stack's), one Redis and two gunicorn masters sharing them."""

    def __init__(self, workers, threads):
        super().__init__(workers, threads)
        self.redis = RedisServer().start()
        self.env.update({"REDIS_URL": self.redis.url, "WEB_CONCURRENCY": str(workers),
                         "THREADS": str(threads), "LOG_LEVEL": "warning",
                         "ACCESS_LOG": "/dev/null", "GUNICORN_TIMEOUT": "60"})
        self.base = Path(mkdtemp(prefix="outreach-fleet-"))
        self.log = open(self.base / "gunicorn.log", "ab")
        self.instances = [Instance(self.env, self.log, self.base / f"figures-{i}") for i in (0, 1)]

    def start(self):
        for instance in self.instances:
            instance.start()
        for instance in self.instances:
            instance.wait_ready(timeout=120)

    def kill_instance(self, n):
        """SIGKILL the instance's whole process group (master and workers) and reap it."""
        process = self.instances[n].process
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def restart_instance(self, n):
        self.instances[n].start().wait_ready(timeout=120)

    def restart_redis(self, down_s):
        """Stop redis-server (its counters are lost: no persistence), sign in through each
        instance meanwhile, start it again; returns what those logins answered."""
        self.redis.process.terminate()
        self.redis.process.wait(timeout=10)
        until = time.monotonic() + down_s
        answered = [login_status(instance.port) for instance in self.instances]
        time.sleep(max(0.0, until - time.monotonic()))
        self.redis.start()
        return answered

    def stop(self):
        try:
            for instance in self.instances:
                instance.stop()
            self.redis.stop()
            self.log.close()
            shutil.rmtree(self.base, ignore_errors=True)
        finally:
            super().stop()


class Route:
    """Which instance a phone talks to: its home one, or the other for a while after a failure."""

    def __init__(self, fleet, home):
        self.fleet, self.home, self.failed_at = fleet, home, -1e9

    @property
    def port(self):
        away = time.monotonic() - self.failed_at < FAILOVER_S
        return self.fleet.instances[1 - self.home if away else self.home].port

    def failed(self):
        if self.port == self.fleet.instances[self.home].port:
            self.failed_at = time.monotonic()


class FleetPhone(Phone):
    """The harness's phone on a Route: a failed upload sends the next ones to the other instance."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rejections = []

    def post_sync(self, events, drop=False):
        errors = self.errors
        results = super().post_sync(events, drop=drop)
        if self.errors > errors:
            self.stack.failed()
        return results

    def take(self, batch, results):
        self.rejections.extend(str(r.get("errors") or r) for r in results
                               if r["status"] == "rejected")
        super().take(batch, results)

    def run(self):
        if self.token is None:
            return super().run()
        while time.monotonic() < self.deadline:  # already signed in: the harness's loop without it
            self.round()
            time.sleep(self.rng.uniform(0.05, 0.3))
        self.drain()

    def round(self):
        for _ in range(self.rng.randint(1, 8)):
            self.queue(self.new_event())
        if self.rng.random() < self.edit_rate:
            self.edit()
        if self.rng.random() < 0.05:
            self.edit_unacknowledged()
        if self.last_batch and self.rng.random() < self.replay_rate:
            results = self.post_sync(self.last_batch)  # the same batch again, as it was
            if results is not None:
                self.take(self.last_batch, results)
        self.flush(drop=self.rng.random() < self.drop_rate)

    def drain(self, tries=60):
        for attempt in range(tries):
            if not self.outbox:
                return
            try:
                self.flush()
            except (OSError, RuntimeError):
                self.stack.failed()
            if self.outbox:
                time.sleep(min(2.0, 0.1 * 2 ** attempt))


OFFICERS = """
import sys
from datetime import timedelta

from sqlalchemy import select
from server.areas.history import in_force_on
from server.areas.models import ResidentialGroup
from server.auth.models import User
from server.auth.passwords import hash_password
from server.extensions import db
from server.periods import local_today
from wsgi import app

names, password = sys.argv[1].split(","), sys.argv[2]
with app.app_context():
    demo = db.session.scalar(select(User).where(User.username == "demo-officer"))
    hashed = hash_password(password)
    db.session.add_all([User(username=n, full_name="Cán bộ thử tải", role="officer",
                             ward_id=demo.ward_id, province_id=demo.province_id,
                             password_hash=hashed) for n in names])
    db.session.commit()
    # the groups in force over the phones' last six days: events go back up to five
    today = local_today()
    print(*db.session.scalars(select(ResidentialGroup.id).where(
        ResidentialGroup.ward_id == demo.ward_id, *in_force_on(today),
        *in_force_on(today - timedelta(days=6)))))
"""
CHECK_USERS = ["fleet-prober", "fleet-throttled", "fleet-revoked", "fleet-control"]


def create_officers(fleet, count):
    """`count` officers of the demo ward and the users of the checks, made with the app's own
    models (one password hash for all); returns (the phones' usernames, the ward's group ids)."""
    names = [f"fleet-officer-{i:03d}" for i in range(count)]
    done = subprocess.run([sys.executable, "-c", OFFICERS, ",".join(names + CHECK_USERS),
                           PASSWORD], cwd=ROOT, env=fleet.env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"creating the officers: {done.stderr[-2000:]}")
    return names, [int(g) for g in done.stdout.split()]


def login_status(port):
    """What a right login of the prober answers ("timeout" after 10 s, "refused" when nothing
    listens or the connection breaks)."""
    try:
        return request(port, "POST", "/api/v1/auth/login",
                       {"username": "fleet-prober", "password": PASSWORD}, timeout=10)[0]
    except TimeoutError:
        return "timeout"
    except (OSError, http.client.HTTPException):
        return "refused"


class Prober(threading.Thread):
    """Signs in through both instances every second: (seconds since start, instance, status)."""

    def __init__(self, fleet, started, stop):
        super().__init__(daemon=True)
        self.fleet, self.started, self.stop, self.seen = fleet, started, stop, []

    def run(self):
        while not self.stop.is_set():
            for n, instance in enumerate(self.fleet.instances):
                self.seen.append((time.monotonic() - self.started, n, login_status(instance.port)))
            self.stop.wait(1.0)


def disrupt(fleet, seconds, started, log):
    """SIGKILL instance 0 at a third of the run and start it again a sixth later; stop Redis at
    two thirds and start it again. Each step is logged with its time since the start."""
    def at(fraction):
        time.sleep(max(0.0, started + fraction * seconds - time.monotonic()))
        return time.monotonic() - started

    log.append((at(1 / 3), "SIGKILL instance 0 (master and workers)"))
    fleet.kill_instance(0)
    log.append((at(1 / 2), "instance 0 starting again"))
    fleet.restart_instance(0)
    log.append((time.monotonic() - started, "instance 0 ready"))
    log.append((at(2 / 3), "redis-server stopped"))
    answered = fleet.restart_redis(down_s=max(2.0, seconds / 12))
    log.append((time.monotonic() - started, "redis-server started again (empty); logins while "
                f"it was down answered {answered[0]} (instance 0), {answered[1]} (instance 1)"))
    return answered


def cross_instance_checks(fleet):
    """The throttle and a revocation across the two instances: a list of problems."""
    one, two = fleet.instances
    problems = []

    def login(instance, username, password=PASSWORD):
        return request(instance.port, "POST", "/api/v1/auth/login",
                       {"username": username, "password": password})

    wrong = [login(one, "fleet-throttled", "wrong password")[0] for _ in range(5)]
    status, body = login(two, "fleet-throttled")
    print(f"throttle: 5 wrong passwords through instance 0 answered {wrong}; the right one "
          f"through instance 1 answered {status}")
    if wrong != [401] * 5 or status != 429:
        problems.append(f"login throttle did not cross instances: {wrong} then {status} {body}")
    if login(two, "fleet-control")[0] != 200:
        problems.append("instance 1 refused another user's right password")
    status, tokens = login(one, "fleet-revoked")
    if status != 200:
        return problems + [f"login for the revocation check: {status} {tokens}"]
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    before = request(two.port, "GET", "/api/v1/me", headers=bearer)[0]
    ended = request(one.port, "POST", "/api/v1/auth/logout", headers=bearer)[0]
    after = request(two.port, "GET", "/api/v1/me", headers=bearer)[0]
    refresh = request(two.port, "POST", "/api/v1/auth/refresh",
                      headers={"Authorization": f"Bearer {tokens['refresh_token']}"})[0]
    print(f"revocation: /me through instance 1 {before}; logout through instance 0 {ended}; then "
          f"/me through instance 1 {after}, refresh through instance 1 {refresh}")
    if (before, ended, after, refresh) != (200, 204, 401, 401):
        problems.append(f"revocation did not cross instances: {before} {ended} {after} {refresh}")
    return problems


def probe_problems(fleet, seen):
    """No login answered 500 meanwhile (503 while Redis is away is the honest answer), and both
    instances sign in once everything is back."""
    odd = ", ".join(f"{t:.0f} s: {n}→{status}" for t, n, status in seen if status != 200)
    print(f"prober: {len(seen)} logins through both instances, one round a second; not 200: "
          f"{odd or 'none'}")
    problems = [f"{t:.0f} s: a login through instance {n} answered {status}"
                for t, n, status in seen if status not in (200, 503, "refused", "timeout")]
    for n, instance in enumerate(fleet.instances):
        status = request(instance.port, "POST", "/api/v1/auth/login",
                         {"username": "fleet-prober", "password": PASSWORD})[0]
        print(f"after the disruptions, a login through instance {n}: {status}")
        if status != 200:
            problems.append(f"instance {n}: a login answered {status} after the disruptions")
    return problems


def sign_in(phones):
    """Every phone signs in before the clock starts (argon2 takes a while on a busy machine)."""
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda phone: phone.login(), phones))


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--quick", action="store_true", help="about 15 s of traffic")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    if args.quick and args.seconds == parser.get_default("seconds"):
        args.seconds = 15
    return args


def run(fleet, args):
    names, groups = create_officers(fleet, args.phones)
    fleet.start()
    deadline = time.monotonic() + 10 ** 6  # set when the clock starts
    phones = [FleetPhone(Route(fleet, i % 2), name, groups, deadline, args.seed * 1000 + i)
              for i, name in enumerate(names)]
    sign_in(phones)
    started = time.monotonic()
    for phone in phones:
        phone.deadline = started + args.seconds + 600  # disrupt() and the lines after end the run
        phone.start()
    stop, log = threading.Event(), []
    prober = Prober(fleet, started, stop)
    prober.start()
    outage = disrupt(fleet, args.seconds, started, log)
    # Some traffic on the restored fleet (a slow restart may have used up the time), then stop.
    time.sleep(max(0.0, max(started + args.seconds, time.monotonic() + max(3, args.seconds / 6))
                   - time.monotonic()))
    for phone in phones:
        phone.deadline = time.monotonic()
    for phone in phones:
        phone.join(timeout=args.seconds + 300)
    elapsed = time.monotonic() - started
    stop.set()
    prober.join()
    report(f"fleet: {args.phones} phones on 2 instances for {args.seconds:.0f} s", phones, elapsed)
    for t, what in log:
        print(f"{t:5.1f} s: {what}")
    rejections = [r for p in phones for r in p.rejections]
    problems = [f"{len(rejections)} events rejected, e.g. {rejections[0]}"] if rejections else []
    problems += [f"a login while Redis was down answered {status}, not 503"
                 for status in outage if status != 503]
    problems += probe_problems(fleet, prober.seen) + cross_instance_checks(fleet)
    stuck = [p.username for p in phones if p.is_alive()]
    return final_checks(fleet, phones, stuck, problems)


def main():
    args = arguments()
    # a `timeout` or a kill still stops what was started (the finally below)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    print(f"CPUs: {os.cpu_count()} (shared by the phones, two gunicorn masters, PostgreSQL and "
          f"Redis); each instance {args.workers} workers × {args.threads} threads; loopback only.",
          flush=True)
    fleet = Fleet(args.workers, args.threads)
    try:
        print(fleet.prepare(), flush=True)
        return run(fleet, args)
    finally:
        fleet.stop()


if __name__ == "__main__":
    sys.exit(main())
