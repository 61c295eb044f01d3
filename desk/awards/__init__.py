"""Commendations (表彰): the honour title catalogue and the awards given or received."""
