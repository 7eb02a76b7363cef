"""Plans, tasks and campaigns: who goes where next, and the drives that set their own targets.

It reads gaps, coverage and targets from metrics and events from outreach; the officer in charge
of a group is a column of the group (areas), checked here through areas' group checks.
"""
