"""The home screen: the current period's key figures and what needs attention."""
