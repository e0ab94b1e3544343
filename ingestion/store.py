"""Former home of the raw-layer writes; kept as an alias of :mod:`ingestion.warehouse` for callers
outside ingestion (publish, resources, dbt preparation) until they import the warehouse directly."""

from ingestion.warehouse import *  # noqa: F403
from ingestion.warehouse import __all__  # noqa: F401


def ensure_raw_schema(con) -> None:  # noqa: ANN001 - alias for older callers
    """Create every declared table (see :func:`ingestion.warehouse.ensure_schema`)."""
    from ingestion.warehouse import ensure_schema

    ensure_schema(con)
