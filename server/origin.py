"""Who acts and from where: the value a route hands to the services that record it.

Services never read the request themselves; a command or a script acts with NO_ORIGIN.
"""
from dataclasses import asdict, dataclass

from flask import g, request


@dataclass(frozen=True, slots=True)
class Origin:
    actor_id: int | None = None
    device_id: str | None = None
    user_agent: str | None = None
    remote_addr: str | None = None

    def columns(self):
        """{column: value} for the audit log's columns of the same names."""
        return asdict(self)


NO_ORIGIN = Origin()


def request_origin():
    """The signed-in user (as `access` resolved it) and the device headers of this request."""
    user = g.get("user")
    return Origin(
        actor_id=user.id if user is not None else None,
        device_id=(request.headers.get("X-Device-Id") or "")[:64] or None,
        user_agent=(request.headers.get("User-Agent") or "")[:255] or None,
        remote_addr=(request.remote_addr or "")[:45] or None,
    )
