-- One row per post from every enabled source.
with posts as (
    select * from {{ ref('int_posts_unioned') }}
),

final as (
    select
        post_key,
        platform,
        post_id,
        source,
        kind,
        parent_id,
        thread_id,
        community,
        author_pseudonym,
        created_at,
        day,
        title,
        body,
        text,
        url,
        score,
        num_comments,
        is_deleted,
        is_demo,
        first_seen_at,
        last_seen_at
    from posts
)

select * from final
