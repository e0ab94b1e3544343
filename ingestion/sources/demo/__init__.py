"""Offline demo source: a deterministic, seeded corpus of synthetic Reddit- and X-shaped posts and comments.

The corpus imitates the #hapusakunfacebook conversation from 2025-09-01 to 2026-03-31: volume reacts
to the real events (Meta's AI-ads announcement on 1 Oct 2025, the policy in force on 16 Dec 2025,
the dead-user AI persona patent reports from 14 Feb 2026); authors follow personas (deleters,
intenders who later follow through, fence-sitters, campaigners, stayers, news sharers, askers,
off-topic chatter); and it carries what real data carries: automated posts (paper.li-style digests,
link-sharing bots, retweets), copy-paste chain messages, spam bursts, deleted/removed items and a few
malformed records. Texts are composed from clauses, spelling variants, places, outlets, dates, emoji,
hashtags, mentions, links and typos, so ≥ 90% of post texts are distinct at any size (1k–1M), as in
real collections; lengths follow real tweets and comments. Generation is vectorised with numpy and
chunked (``generate.CHUNK_SIZE`` rows per chunk, seeded by chunk index): a larger corpus starts with
every post of a smaller one, unchanged.

Every row is ``is_demo = true``; ``gen_*`` columns hold the generator's own truth (stance, stance
kind, theme, destination, language variant, automation, malformed reason) for tests and benchmarks.
``raw_payload`` in ``raw.demo_posts`` (never published) carries ``gen_stance`` and ``gen_automated``
(plus ``gen_automation``: digest, link_bot, retweet, copypaste or spam), so the stance correction and
an automated-post detector can be validated end to end against the truth.

Modules: ``banks`` (wording), ``text`` (vectorised template rendering), ``compose`` (post text),
``generate`` (who/when/what, threads, chunks, noise).
"""

from ingestion.sources.demo.generate import (
    CHUNK_SIZE,
    END,
    EVENTS,
    PERSONAS,
    START,
    daily_weights,
    generate_demo_posts,
    generate_demo_rows,
    generator_version,
    iter_demo_chunks,
)

__all__ = [
    "CHUNK_SIZE",
    "END",
    "EVENTS",
    "PERSONAS",
    "START",
    "daily_weights",
    "generate_demo_posts",
    "generate_demo_rows",
    "generator_version",
    "iter_demo_chunks",
]
