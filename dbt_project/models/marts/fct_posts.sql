-- One row per post from every enabled source, with its enrichment.
-- Content deleted or removed upstream has no text, hence no language, stance, sentiment or topic: those
-- columns are null for it (it still counts as a post and as `is_deleted` content), so no chart or
-- aggregate mistakes a removed post for a neutral opinion in "other" language.
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
        case when not posts.is_deleted then coalesce(enrichment.lang, 'other') end as lang,
        case when not posts.is_deleted then coalesce(enrichment.stance, 'none') end as stance,
        case when not posts.is_deleted then enrichment.stance_score end as stance_score,
        case when not posts.is_deleted then coalesce(enrichment.sentiment, 'neutral') end as sentiment,
        case when not posts.is_deleted then enrichment.sentiment_score end as sentiment_score,
        case when not posts.is_deleted then enrichment.enrich_version end as enrich_version,
        case
            when not posts.is_deleted then coalesce(enrichment.destinations, []::varchar[])
            else []::varchar[]
        end as destinations,
        case when not posts.is_deleted then coalesce(post_topics.topic_id, -1) end as topic_id,
        case when not posts.is_deleted then coalesce(topic_info.label, 'Outliers / unassigned') end as topic_label,
        -- automated or copy-paste posts (nlp.topics.automated) stay here, counted, but out of the KPI marts
        coalesce(not posts.is_deleted and post_topics.is_automated, false) as is_automated,
        case when not posts.is_deleted then post_topics.automated_reason end as automated_reason,
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
