"""Coverage and effectiveness: rollups of events, filing statistics, targets, ward metrics and the
province ranking.

Importing the package connects the rollup listener to `events_changed`. blinker keeps one
connection per receiver, so however many apps a process builds, each event write moves the
rollups exactly once.
"""
from ..outreach.signals import events_changed
from .rollups import on_events_changed

events_changed.connect(on_events_changed)
