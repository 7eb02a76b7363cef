"""The audit log of edits and deletions, visible to commanders and admins, never editable.

The app factory connects `service.on_events_changed` to `events_changed`, so every event write
is recorded in the same transaction as the write itself.
"""
