"""This office, its users, its database settings and the register of subordinate offices."""
