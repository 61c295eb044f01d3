"""The campaigns screen: events and household campaigns."""
