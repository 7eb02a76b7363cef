"""The roles of a user account, and the groups of them endpoints and services name.

Kept below every domain: each domain's routes name the roles they let in.
"""
ROLES = ("officer", "volunteer", "commander", "admin")
FIELD_ROLES = ("officer", "volunteer", "commander")
MANAGERS = ("commander", "admin")
# Who outranks whom: a user manages only users of a lower rank in their area (officers and
# volunteers share the lowest); peers and themselves only through their own account's endpoints.
RANKS = {"officer": 0, "volunteer": 0, "commander": 1, "admin": 2}


def outranks(user, role):
    """Whether `user` ranks above an account of `role` (an unknown role outranks everyone)."""
    return RANKS[user.role] > RANKS.get(role, len(RANKS))
