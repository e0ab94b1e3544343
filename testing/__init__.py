"""Fakes and development corpora shared by tests and benchmarks.

Not shipped with the library (``pyproject.toml`` packages only ingestion, nlp, orchestration and
dashboards): nothing under ``ingestion/``, ``nlp/``, ``orchestration/`` or ``dashboards/`` may import it.

- ``fake_reddit``: a local HTTP server that speaks the parts of Reddit's OAuth API that PRAW uses.
- ``topic_corpus``: a small synthetic corpus with known themes and cheap hashed embeddings, for topic tests.
"""
