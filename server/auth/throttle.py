"""Failed logins slow a username down, progressively, instead of locking it.

After LOGIN_USER_FREE_FAILURES failures in LOGIN_USER_WINDOW_S, each further failure makes the
next attempt for that username wait 1, 2, 4 … seconds, at most LOGIN_USER_MAX_DELAY_S: guessing
becomes useless while the owner, from any address, waits a minute at worst. The counters live in
the rate limiter's storage (RATELIMIT_STORAGE_URI), shared by every process that uses it.
"""
import math
import time

from flask import current_app

from ..errors import DomainError
from ..extensions import limiter


class Throttled(DomainError):
    code = 429

    def __init__(self, retry_after):
        super().__init__("Quá nhiều lần đăng nhập sai, vui lòng thử lại sau ít giây "
                         "(too many failed logins, retry later).")
        self.headers = {"Retry-After": str(retry_after)}


def _keys(username):
    name = (username or "").strip().lower()[:64]
    return f"login-fail/{name}", f"login-wait/{name}"


def check(username):
    """Raise Throttled while the username must wait before its next attempt."""
    _fail, wait = _keys(username)
    if limiter.storage.get(wait) > 0:
        # One second more: the limiter rewrites Retry-After as a whole number, rounding down.
        raise Throttled(math.ceil(limiter.storage.get_expiry(wait) - time.time()) + 1)


def note_failure(username):
    """Count a failure; past the free ones, start the next wait. True when a wait started."""
    fail, wait = _keys(username)
    cfg = current_app.config
    failures = limiter.storage.incr(fail, cfg["LOGIN_USER_WINDOW_S"])
    extra = failures - cfg["LOGIN_USER_FREE_FAILURES"]
    if extra <= 0:
        return False
    limiter.storage.incr(wait, min(2 ** (extra - 1), cfg["LOGIN_USER_MAX_DELAY_S"]))
    return True


def note_success(username):
    limiter.storage.clear(_keys(username)[0])
