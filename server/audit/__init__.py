"""The audit log of edits and deletions, visible to commanders and admins, never editable.

Importing the package connects its listener to `events_changed`, so every event write is
recorded in the same transaction as the write itself.
"""
from ..outreach.signals import events_changed
from .service import on_events_changed

events_changed.connect(on_events_changed)
