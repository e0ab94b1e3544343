-- Staging for raw.reddit_posts (see macros/stage_raw_posts.sql).
{{ stage_raw_posts('reddit_posts') }}
