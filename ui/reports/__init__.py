"""The reports screen: work summary, statistics tables and honour certificates."""
