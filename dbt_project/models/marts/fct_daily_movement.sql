-- The movement per day and platform: who says they deleted, intend to, weigh it, urge, or stay; and how they feel.
with posts as (
    select * from {{ ref('fct_posts') }}
),

final as (
    select
        day,
        platform,
        count(*) as posts,
        count(distinct author_pseudonym) as authors,
        count(*) filter (where stance = 'deleted') as deleted,
        count(*) filter (where stance = 'intends') as intends,
        count(*) filter (where stance = 'considering') as considering,
        count(*) filter (where stance = 'urges') as urges,
        count(*) filter (where stance = 'staying') as staying,
        count(*) filter (where stance = 'none') as no_stance,
        count(distinct author_pseudonym) filter (where stance = 'deleted') as authors_deleted,
        count(*) filter (where sentiment = 'positive') as positive,
        count(*) filter (where sentiment = 'neutral') as neutral,
        count(*) filter (where sentiment = 'negative') as negative,
        avg(sentiment_score) as mean_sentiment_score,
        bool_or(is_demo) as has_demo
    from posts
    group by day, platform
)

select * from final
