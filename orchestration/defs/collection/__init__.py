"""Collection domain: sources → raw tables in the warehouse (one asset per source, keyed raw/<table>)."""
