-- Posts of raw.reddit_posts, renamed and cast; the audit payload (raw_payload) stays in raw.
with source as (
    select * from {{ source('raw', 'reddit_posts') }}
),

renamed as (
    select
        platform || ':' || post_id as post_key,
        platform,
        post_id,
        source,
        kind,
        parent_id,
        thread_id,
        community,
        author_pseudonym,
        title,
        body,
        url,
        cast(score as integer) as score,
        cast(num_comments as integer) as num_comments,
        cast(created_at as timestamp) as created_at,
        cast(created_at as date) as day,
        -- posts stored before the column existed were dated by their source
        coalesce(created_at_source, 'source') as created_at_source,
        is_deleted,
        is_demo,
        content_hash,
        matched_query,
        first_seen_at,
        last_seen_at
    from source
),

final as (
    select * from renamed
)

select * from final
