-- Topics over time joined to the movement: day × platform × language × topic with stance and sentiment mix.
with posts as (
    select * from {{ ref('fct_posts') }}
),

final as (
    select
        day,
        platform,
        lang,
        topic_id,
        {{ movement_counts() }}
    from posts
    where not is_deleted and is_automated is not true
    group by day, platform, lang, topic_id
)

select * from final
