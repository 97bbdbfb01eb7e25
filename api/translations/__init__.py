"""Translations: catalogs, status, languages, menu checks, overrides, .po."""
