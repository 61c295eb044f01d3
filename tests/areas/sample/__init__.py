"""A test-only work area (走访记录): proves a new area declares its fields once and needs no edits elsewhere."""
