"""The commendations screen: awards and the honour title catalogue."""
