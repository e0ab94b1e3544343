-- Volume per day, platform and language.
with posts as (
    select * from {{ ref('fct_posts') }}
),

final as (
    select
        day,
        platform,
        lang,
        count(*) as posts,
        count(*) filter (where kind in ('submission', 'post')) as submissions,
        count(*) filter (where kind in ('comment', 'reply')) as comments,
        count(distinct author_pseudonym) as authors,
        count(*) filter (where is_deleted) as deleted_items,
        count(*) filter (where is_automated) as automated_posts,
        bool_or(is_demo) as has_demo
    from posts
    group by day, platform, lang
)

select * from final
