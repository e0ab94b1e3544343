-- Topics over time joined to the movement: day × platform × topic with stance and sentiment mix.
with posts as (
    select * from {{ ref('fct_posts') }}
),

final as (
    select
        day,
        platform,
        topic_id,
        count(*) as posts,
        count(distinct author_pseudonym) as authors,
        count(*) filter (where stance = 'deleted') as deleted,
        count(*) filter (where stance = 'intends') as intends,
        count(*) filter (where stance = 'considering') as considering,
        count(*) filter (where stance = 'urges') as urges,
        count(*) filter (where stance = 'staying') as staying,
        count(*) filter (where stance = 'none') as no_stance,
        count(*) filter (where sentiment = 'positive') as positive,
        count(*) filter (where sentiment = 'neutral') as neutral,
        count(*) filter (where sentiment = 'negative') as negative,
        avg(sentiment_score) as mean_sentiment_score,
        bool_or(is_demo) as has_demo
    from posts
    where not is_deleted
    group by day, platform, topic_id
)

select * from final
