"""Enrichment domain: language, normalised text, stance and sentiment per post."""
