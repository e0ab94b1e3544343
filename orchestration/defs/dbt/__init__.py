"""dbt domain: staging, intermediate and marts models as assets."""
