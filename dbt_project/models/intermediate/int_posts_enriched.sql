-- A view: fct_posts is its only reader and stores the result (writing it twice cost ~4 s at 1M posts).
{{ config(materialized='view') }}

-- Every post with what the Python assets computed for its current text: enrichment and topic.
-- Enrichment and topics match on content_hash, so a post edited since it was enriched has none until the
-- next run; the marts decide how to show that (and content removed upstream).
with posts as (
    select * from {{ ref('int_posts_unioned') }}
),

enrichment as (
    select * from {{ source('enrichment', 'post_enrichment') }}
),

post_topics as (
    select * from {{ source('topics', 'post_topics') }}
),

topic_info as (
    select * from {{ source('topics', 'topic_info') }}
),

joined as (
    select
        posts.* exclude (row_hash),
        enrichment.lang,
        enrichment.stance,
        enrichment.stance_score,
        enrichment.sentiment,
        enrichment.sentiment_score,
        enrichment.enrich_version,
        enrichment.destinations,
        post_topics.topic_id,
        topic_info.label as topic_label,
        post_topics.is_automated,
        post_topics.automated_reason
    from posts
    left join enrichment
        on posts.platform = enrichment.platform
        and posts.post_id = enrichment.post_id
        and posts.content_hash = enrichment.content_hash
    left join post_topics
        on posts.platform = post_topics.platform
        and posts.post_id = post_topics.post_id
        and posts.content_hash = post_topics.content_hash
    left join topic_info
        on post_topics.topic_id = topic_info.topic_id
),

final as (
    select * from joined
)

select * from final
