-- Staging for raw.file_posts (see macros/stage_raw_posts.sql).
{{ stage_raw_posts('file_posts') }}
