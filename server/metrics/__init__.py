"""Coverage and effectiveness: rollups of events, filing statistics, targets, ward metrics and the
province ranking.

The app factory connects `rollups.on_events_changed` to `events_changed`, so each event write
moves the rollups in its own transaction.
"""
