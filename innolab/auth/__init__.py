"""Accounts: login, logout, server-side sessions, passwords."""
