"""Training: courses held or attended, their trainees, and the register of skilled women (女能手)."""
