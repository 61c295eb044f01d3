"""The exchange screen: key cards, export to a USB stick, import, ledger and conflicts."""
