"""Text enrichment (language, normalisation, stance, sentiment) and topics. No Dagster imports."""
