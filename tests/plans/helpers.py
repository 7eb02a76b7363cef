"""What the plans tests share."""
from datetime import datetime, timedelta

from tests.factories import VN


def just_now():
    """A minute ago in Vietnam: today's local day at any hour (an hour ago may be yesterday)."""
    return (datetime.now(VN) - timedelta(minutes=1)).replace(microsecond=0).isoformat()
