-- Topics over time joined to the movement: day × platform × topic with stance and sentiment mix.
with posts as (
    select * from {{ ref('fct_posts') }}
),

final as (
    select
        day,
        platform,
        topic_id,
        {{ movement_counts() }}
    from posts
    where not is_deleted
    group by day, platform, topic_id
)

select * from final
