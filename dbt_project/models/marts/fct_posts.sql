-- One row per post from every enabled source, with its enrichment.
-- Content deleted or removed upstream has no text, hence no language, stance, sentiment or topic: those
-- columns are null for it (it still counts as a post and as `is_deleted` content), so no chart or
-- aggregate mistakes a removed post for a neutral opinion in "other" language.
-- Incremental: only new or changed rows are written, removed posts deleted (macros/changed_rows.sql).
-- depends_on: {{ ref('int_posts_unioned') }}
{{
    config(
        materialized='incremental',
        unique_key='post_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="{{ delete_missing('post_key', ref('int_posts_unioned')) }}",
    )
}}

with posts as (
    select * from {{ ref('int_posts_enriched') }}
),

final as (
    select
        posts.post_key,
        posts.platform,
        posts.post_id,
        posts.source,
        posts.kind,
        posts.parent_id,
        posts.thread_id,
        posts.community,
        posts.author_pseudonym,
        posts.created_at,
        posts.created_at_source,
        posts.day,
        posts.title,
        posts.body,
        posts.text,
        posts.url,
        posts.score,
        posts.num_comments,
        posts.is_deleted,
        posts.is_demo,
        case when not posts.is_deleted then coalesce(posts.lang, 'other') end as lang,
        case when not posts.is_deleted then coalesce(posts.stance, 'none') end as stance,
        case when not posts.is_deleted then posts.stance_score end as stance_score,
        case when not posts.is_deleted then coalesce(posts.sentiment, 'neutral') end as sentiment,
        case when not posts.is_deleted then posts.sentiment_score end as sentiment_score,
        case when not posts.is_deleted then posts.enrich_version end as enrich_version,
        case
            when not posts.is_deleted then coalesce(posts.destinations, []::varchar[])
            else []::varchar[]
        end as destinations,
        case when not posts.is_deleted then coalesce(posts.topic_id, -1) end as topic_id,
        case when not posts.is_deleted then coalesce(posts.topic_label, 'Outliers / unassigned') end as topic_label,
        -- automated or copy-paste posts (nlp.topics.automated) stay here, counted, but out of the KPI marts
        coalesce(not posts.is_deleted and posts.is_automated, false) as is_automated,
        case when not posts.is_deleted then posts.automated_reason end as automated_reason,
        posts.first_seen_at,
        posts.last_seen_at
    from posts
)

{{ changed_rows('final', 'post_key') }}
