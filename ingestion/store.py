"""Former home of the raw-layer writes; kept as an alias of :mod:`ingestion.warehouse` for callers
outside ingestion (publish, resources, dbt preparation) until they import the warehouse directly."""

from ingestion.warehouse import *  # noqa: F403
from ingestion.warehouse import __all__  # noqa: F401

