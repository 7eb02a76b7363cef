"""Periodic reports of a ward or a province, closing a month (chốt số liệu), and exports."""
