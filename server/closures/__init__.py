"""Closing a ward's month (chốt số liệu): which months are closed, closing and reopening one."""
