"""Provinces, wards and residential groups."""
