-- One row per topic of the current model, plus -1 for outliers/unassigned posts.
with topics as (
    select * from {{ ref('int_topics_with_outliers') }}
),

-- sizes come from fct_posts itself, so a topic's size (and the outliers') is exactly the number of posts
-- fct_posts labels with it; content removed upstream has no topic and is not counted
posts as (
    select * from {{ ref('fct_posts') }}
),

seen as (
    select
        topic_id,
        count(*) as posts,
        min(day) as first_seen,
        max(day) as last_seen
    from posts
    where topic_id is not null
    group by topic_id
),

final as (
    select
        topics.topic_id::integer as topic_id,
        topics.label,
        topics.top_terms,
        coalesce(seen.posts, 0)::bigint as size,
        topics.representative_posts,
        seen.first_seen,
        seen.last_seen,
        topics.npmi,
        topics.model_version,
        topics.is_outlier
    from topics
    left join seen on topics.topic_id = seen.topic_id
)

select * from final
