"""The roles of a user account, and the groups of them endpoints and services name.

Kept below every domain: each domain's routes name the roles they let in.
"""
ROLES = ("officer", "volunteer", "commander", "admin")
FIELD_ROLES = ("officer", "volunteer", "commander")
MANAGERS = ("commander", "admin")
