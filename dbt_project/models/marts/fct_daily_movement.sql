-- The movement per day, platform and language: who says they deleted, intend to, weigh it, urge, or stay; and how they feel.
with posts as (
    select * from {{ ref('fct_posts') }}
),

final as (
    select
        day,
        platform,
        lang,
        {{ movement_counts() }},
        count(distinct author_pseudonym) filter (where stance = 'deleted') as authors_deleted
    from posts
    -- opinions only: content removed upstream has no stance or sentiment (it is counted in fct_daily_volume)
    -- automated and copy-paste posts are counted in fct_daily_volume (automated_posts), not as opinions
    where not is_deleted and is_automated is not true
    group by day, platform, lang
)

select * from final
