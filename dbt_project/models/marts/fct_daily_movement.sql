-- The movement per day and platform: who says they deleted, intend to, weigh it, urge, or stay; and how they feel.
with posts as (
    select * from {{ ref('fct_posts') }}
),

final as (
    select
        day,
        platform,
        {{ movement_counts() }},
        count(distinct author_pseudonym) filter (where stance = 'deleted') as authors_deleted
    from posts
    group by day, platform
)

select * from final
