-- One row per post from every enabled source, with its enrichment.
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
        coalesce(enrichment.lang, 'other') as lang,
        coalesce(enrichment.stance, 'none') as stance,
        enrichment.stance_score,
        coalesce(enrichment.sentiment, 'neutral') as sentiment,
        enrichment.sentiment_score,
        enrichment.enrich_version,
        coalesce(enrichment.destinations, []::varchar[]) as destinations,
        coalesce(post_topics.topic_id, -1) as topic_id,
        coalesce(topic_info.label, 'Outliers / unassigned') as topic_label,
        posts.first_seen_at,
        posts.last_seen_at
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
)

select * from final
