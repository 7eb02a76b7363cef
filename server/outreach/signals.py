"""Signals other domains listen to, sent inside the transaction that changes events.

`events_changed` is sent with `changes=[(before, after), ...]` where each side is a plain dict
snapshot of an event (None for a create's before). Listeners write in the same transaction,
so what they keep (rollups, audit) commits or rolls back with the events themselves.
"""
from blinker import Namespace

_signals = Namespace()
events_changed = _signals.signal("events-changed")
