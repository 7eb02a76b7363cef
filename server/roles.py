"""The roles of a user account, and the groups of them endpoints and services name.

Kept below every domain: each domain's routes name the roles they let in.
"""
ROLES = ("officer", "volunteer", "commander", "admin", "national")
FIELD_ROLES = ("officer", "volunteer", "commander")
MANAGERS = ("commander", "admin")
# The roles whose area is a ward or a province: who reads events, one by one or exported.
AREA_ROLES = ("officer", "volunteer", "commander", "admin")
# The Ministry's desk: no ward, no province; reads every province's aggregates and any ward's
# figures, rankings and reports, and never writes nor manages users.
NATIONAL = "national"
# Who reads a ward's figures, rankings and reports (GET only for the national desk).
READERS = (*MANAGERS, NATIONAL)
# Who may (and, in production, must) have a second factor.
SECOND_FACTOR_ROLES = (*MANAGERS, NATIONAL)
# Who outranks whom: a user manages only users of a lower rank in their area (officers and
# volunteers share the lowest); peers and themselves only through their own account's endpoints.
RANKS = {"officer": 0, "volunteer": 0, "commander": 1, "admin": 2, "national": 3}


def outranks(user, role):
    """Whether `user` ranks above an account of `role` (an unknown role outranks everyone)."""
    return RANKS[user.role] > RANKS.get(role, len(RANKS))
