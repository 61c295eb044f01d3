"""Cross-cutting helpers: errors, i18n, formatting, periods, settings, paths."""
