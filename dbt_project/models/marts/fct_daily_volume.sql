-- Volume per day and platform.
with posts as (
    select * from {{ ref('fct_posts') }}
),

final as (
    select
        day,
        platform,
        count(*) as posts,
        count(*) filter (where kind in ('submission', 'post')) as submissions,
        count(*) filter (where kind in ('comment', 'reply')) as comments,
        count(distinct author_pseudonym) as authors,
        count(*) filter (where is_deleted) as deleted_items,
        bool_or(is_demo) as has_demo
    from posts
    group by day, platform
)

select * from final
