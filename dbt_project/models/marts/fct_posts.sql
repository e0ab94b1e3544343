-- One row per post from every enabled source, with its enrichment.
with posts as (
    select * from {{ ref('int_posts_unioned') }}
),

enrichment as (
    select * from {{ source('enrichment', 'post_enrichment') }}
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
        posts.first_seen_at,
        posts.last_seen_at
    from posts
    left join enrichment
        on posts.platform = enrichment.platform
        and posts.post_id = enrichment.post_id
        and posts.content_hash = enrichment.content_hash
)

select * from final
