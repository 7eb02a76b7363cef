"""Small secrets kept in the database (second-factor seeds), encrypted with a key from the
configuration: Fernet (AES-128-CBC with HMAC-SHA256) under a key derived by HKDF-SHA256 from
TOTP_ENCRYPTION_KEY. Production refuses to start without that key; elsewhere SECRET_KEY
stands in for it. A copy of the database alone, a backup say, does not give the seeds away."""
import base64
import logging
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

log = logging.getLogger(__name__)
# Every Fernet token starts with its version byte 0x80, "gAAAAA" in base64.
TOKEN_PREFIX = "gAAAAA"


@lru_cache(maxsize=4)
def _fernet(material):
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"outreach tracker: second-factor secrets").derive(material.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _box():
    config = current_app.config
    return _fernet(config.get("TOTP_ENCRYPTION_KEY") or config["SECRET_KEY"])


def encrypt_secret(plain):
    return _box().encrypt(plain.encode()).decode()


def decrypt_secret(token):
    """The plain secret, or None when this key cannot open it (the key was changed): the
    second factor then fails closed and an admin resets it."""
    try:
        return _box().decrypt(token.encode()).decode()
    except InvalidToken:
        log.error("A second-factor secret cannot be decrypted with TOTP_ENCRYPTION_KEY")
        return None
