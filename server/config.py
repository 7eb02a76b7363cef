"""Configuration from the environment. One Config; TestConfig only changes what tests must."""
import os
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The development default of earlier versions: public, so refused wherever it is set.
DEFAULT_SECRET = "dev-only-change-me"
ENVIRONMENTS = ("development", "test", "production")


def _env_int(name, default):
    return int(os.environ.get(name, default))


class Config:
    ENV_NAME = os.environ.get("OUTREACH_ENV", "development")
    # Unset outside production: random ones are made once and kept in SECRETS_FILE (mode 0600).
    SECRET_KEY = os.environ.get("SECRET_KEY")
    JWT_SECRET_KEY = os.environ.get("JWT_SECRET_KEY") or SECRET_KEY
    SECRETS_FILE = os.environ.get("SECRETS_FILE")  # default: instance/secret_keys.json
    # Encrypts second-factor secrets in the database (server/secretbox.py); required in
    # production, SECRET_KEY stands in for it elsewhere.
    TOTP_ENCRYPTION_KEY = os.environ.get("TOTP_ENCRYPTION_KEY")
    JWT_ALGORITHM = "HS256"
    JWT_DECODE_ALGORITHMS = ["HS256"]
    JWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=_env_int("JWT_ACCESS_MINUTES", 15))
    JWT_REFRESH_TOKEN_EXPIRES = timedelta(days=_env_int("JWT_REFRESH_DAYS", 30))
    JWT_TOKEN_LOCATION = ["headers"]
    JWT_ERROR_MESSAGE_KEY = "message"

    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'outreach.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # A PostgreSQL streaming replica that dashboards, maps, rankings, reports and exports read
    # from while it is at most REPLICA_MAX_LAG_S behind (measured every REPLICA_CHECK_S).
    DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL")
    REPLICA_MAX_LAG_S = float(os.environ.get("REPLICA_MAX_LAG_S", 10))
    REPLICA_CHECK_S = float(os.environ.get("REPLICA_CHECK_S", 2))
    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 2 * 1024 * 1024)

    API_TITLE = "Outreach tracker API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    # No OPENAPI_SWAGGER_UI_PATH: flask-smorest's page has an inline script (refused by our CSP)
    # and would shadow /api/v1/docs, which redirects to the page in pwa/api-docs/.

    # What every process and machine shares. With REDIS_URL the rate limiter's counters live in
    # Redis; without it, in the database (server/counters.py); never in one process's memory.
    REDIS_URL = os.environ.get("REDIS_URL")
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI")  # unset: as just said
    RATELIMIT_HEADERS_ENABLED = True
    # Failed logins: per (username, address) pair; per address, high enough for a ward station
    # behind one NAT; per username a slow-down, never a lock-out (server/auth/throttle.py).
    # A QR board's public link: unknown codes per address (someone guessing codes gets 429),
    # and the scans one address may add to the counts (a flood from one phone counts no more).
    QR_LINK_LIMIT = os.environ.get("QR_LINK_LIMIT", "30 per minute")
    QR_SCANS_PER_ADDRESS = os.environ.get("QR_SCANS_PER_ADDRESS", "10 per minute")
    # Scans are written in batches this often (0: each at once), and a board's code is kept in
    # memory this long (server/support/scans.py).
    QR_SCAN_FLUSH_S = float(os.environ.get("QR_SCAN_FLUSH_S", "1"))
    QR_BOARD_CACHE_S = float(os.environ.get("QR_BOARD_CACHE_S", "10"))
    LOGIN_FAILURE_LIMIT_PAIR = os.environ.get("LOGIN_FAILURE_LIMIT_PAIR", "5 per 15 minutes")
    LOGIN_FAILURE_LIMIT_ADDR = os.environ.get("LOGIN_FAILURE_LIMIT_ADDR", "200 per 15 minutes")
    LOGIN_USER_FREE_FAILURES = _env_int("LOGIN_USER_FREE_FAILURES", 5)
    LOGIN_USER_WINDOW_S = _env_int("LOGIN_USER_WINDOW_S", 15 * 60)
    LOGIN_USER_MAX_DELAY_S = _env_int("LOGIN_USER_MAX_DELAY_S", 60)
    # /metrics: with a token, for `Authorization: Bearer <token>` only; without, loopback only.
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN")
    # X-Forwarded-For is believed only behind this many trusted proxies (0: never).
    TRUSTED_PROXY_COUNT = _env_int("TRUSTED_PROXY_COUNT", 0)

    # Roles that must have a second factor; unset: commanders, admins and the national desk in production, none
    # elsewhere (set in create_app). Comma-separated, e.g. "commander,admin".
    TOTP_REQUIRED_ROLES = (tuple(r.strip() for r in os.environ["TOTP_REQUIRED_ROLES"].split(",")
                                 if r.strip()) if "TOTP_REQUIRED_ROLES" in os.environ else None)

    # argon2id cost: OWASP minimum is t=2, m=19 MiB; we go above it.
    ARGON2_TIME_COST = _env_int("ARGON2_TIME_COST", 3)
    ARGON2_MEMORY_KIB = _env_int("ARGON2_MEMORY_KIB", 65536)
    ARGON2_PARALLELISM = _env_int("ARGON2_PARALLELISM", 2)

    SYNC_MAX_EVENTS = 500
    FAR_FROM_GROUP_M = _env_int("FAR_FROM_GROUP_M", 2000)
    EVENT_MAX_AGE_DAYS = _env_int("EVENT_MAX_AGE_DAYS", 90)
    EVENT_FUTURE_SKEW_S = _env_int("EVENT_FUTURE_SKEW_S", 300)
    LOCAL_TZ = "Asia/Ho_Chi_Minh"

    MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "© OpenStreetMap")
    # Past this many located events in a period the map gets grid aggregates, not points.
    MAP_POINTS_LIMIT = _env_int("MAP_POINTS_LIMIT", 20_000)
    CORS_ORIGINS = [o for o in os.environ.get("CORS_ORIGINS", "").split(",") if o]
    PWA_DIR = os.environ.get("PWA_DIR") or str(ROOT / "pwa")  # the app's files, served as they are


class TestConfig(Config):
    TESTING = True
    ENV_NAME = "test"
    QR_SCAN_FLUSH_S = 0  # each scan written as it comes: no writer thread per test app
    SECRET_KEY = "test-secret-key-that-is-long-enough-32b"
    JWT_SECRET_KEY = SECRET_KEY
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_KIB = 8192
    ARGON2_PARALLELISM = 1
