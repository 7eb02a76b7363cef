"""The audit log of edits and deletions, visible to commanders and admins, never editable.

Importing the package connects its listeners: to `events_changed`, so every event write is
recorded in the same transaction as the write itself; to `access_refused`, so every request the
access guard refuses (403, 404) is recorded as a security event.
"""
from ..access import access_refused
from ..outreach.signals import events_changed
from .service import on_access_refused, on_events_changed

events_changed.connect(on_events_changed)
access_refused.connect(on_access_refused)
