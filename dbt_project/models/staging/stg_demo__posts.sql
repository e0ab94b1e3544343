-- Staging for raw.demo_posts (see macros/stage_raw_posts.sql).
{{ stage_raw_posts('demo_posts') }}
