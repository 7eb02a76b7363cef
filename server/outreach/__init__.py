"""Outreach events: what officers and volunteers did, where, and with what result."""
