"""Organisation building: grassroots organisations, target-responsibility assessments, cadre pools, indicators."""
