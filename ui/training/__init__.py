"""The training screen: courses with their trainees, the trainee list and skilled women."""

from desk.core.i18n import N_
from ui.common.registry import Deferred, ScreenEntry

# The screen's module loads when the screen is first shown (ui/common/registry.py).
SCREEN = ScreenEntry(key="training", title=N_("培训"), order=50, factory=Deferred("ui.training.screen", "make_screen"))
