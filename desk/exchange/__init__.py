"""USB exchange: key cards, signed and encrypted bundles, merging them, the ledger and conflicts."""
