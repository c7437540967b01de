"""Administration: users, units, audit log."""
