"""The organisation-building screen: grassroots organisations, assessments, cadre pools and indicators."""
