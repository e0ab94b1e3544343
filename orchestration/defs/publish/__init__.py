"""Publish domain: the read-only analytics database for the dashboard and analysts."""
