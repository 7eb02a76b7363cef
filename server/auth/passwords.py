"""argon2id hashing and the password policy (length 8–64, not a common password)."""
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from ..errors import Invalid
from . import throttle

MIN_LENGTH = 8
MAX_LENGTH = 64
# The ones people here type most; the 30,000 most common passwords of leaked lists come from
# zxcvbn's ranked list (see common_passwords()).
COMMON = frozenset(
    """123456 123456789 12345678 password 1234567890 qwerty123 12345678910 11111111 00000000
    123123123 abc12345 password1 iloveyou 1q2w3e4r 1qaz2wsx qwertyuiop 87654321 88888888 66666666
    99999999 55555555 123456a@ 123456aa 12341234 123321123 a1234567 admin123 admin@123 abcd1234
    matkhau matkhau123 matkhau1 congan123 congan@123 vietnam1 vietnam123 anhyeuem 147258369 147852369
    159753456 demo1234 changeme 123qwe123 p@ssw0rd passw0rd welcome1""".split()
)


@cache
def common_passwords():
    """Our own list and zxcvbn's 30,000 most common passwords (lower case), loaded once."""
    # Here, not at the top: zxcvbn's 94,000 words stay out of memory until a password is checked.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return COMMON | frozenset(p.lower() for p in FREQUENCY_LISTS["passwords"])


def _hasher():
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"],
        memory_cost=cfg["ARGON2_MEMORY_KIB"],
        parallelism=cfg["ARGON2_PARALLELISM"],
    )


def check_policy(password):
    """Refuse a password that is too short, too long or too common."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        raise Invalid("Mật khẩu phải có ít nhất 8 ký tự.", {"password": ["too_short"]})
    if len(password) > MAX_LENGTH:
        raise Invalid("Mật khẩu dài tối đa 64 ký tự.", {"password": ["too_long"]})
    if password.lower() in common_passwords():
        raise Invalid("Mật khẩu quá phổ biến, hãy chọn mật khẩu khác.", {"password": ["too_common"]})


def hash_password(password):
    return _hasher().hash(password)


def verify_password(password_hash, password):
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY = {}


def burn_time(password):
    """Spend the time of a real verification, so an unknown username answers as slowly."""
    key = current_app.config["ARGON2_MEMORY_KIB"]
    if key not in _DUMMY:
        _DUMMY[key] = hash_password("not-a-real-password")
    verify_password(_DUMMY[key], password)


def check_current_password(user, password, field="password"):
    """Before a change to one's own account: the current password, throttled like a login (a
    stolen session must not be able to guess it)."""
    throttle.check(user.username)
    if not verify_password(user.password_hash, password or ""):
        throttle.note_failure(user.username)
        raise Invalid("Mật khẩu hiện tại không đúng (wrong current password).", {field: ["wrong"]})
