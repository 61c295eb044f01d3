"""Users, roles and permissions, login throttling, the audit log and the database key."""
