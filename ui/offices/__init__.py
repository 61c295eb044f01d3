"""The register of subordinate offices (下级组织)."""
