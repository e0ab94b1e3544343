-- Where people say they move to, per UTC day, platform, language and destination (nlp/destinations.py).
with posts as (
    select * from {{ ref('fct_posts') }}
),

mentions as (
    select day, platform, lang, author_pseudonym, is_demo, unnest(destinations) as destination
    from posts
    where not is_deleted and is_automated is not true and len(destinations) > 0
),

final as (
    select
        day,
        platform,
        lang,
        destination,
        count(*) as posts,
        count(distinct author_pseudonym) as authors,
        bool_or(is_demo) as has_demo
    from mentions
    group by day, platform, lang, destination
)

select * from final
