"""The Excel import and export screen."""
