-- One row per pseudonymous author and platform: how their stance on deleting Facebook evolves.
-- Follow-through = an author who said they intend to / are considering deleting later says they deleted.
-- Incremental by author: `posts_hash` folds the row hashes of all the author's posts in fct_posts (XOR of
-- `row_hash`), so an author whose posts are all unchanged keeps their row; only authors with a new,
-- changed or removed post are computed again (a re-run after 1 % new posts at 1M: ≈ 10k of 216k authors).
-- Authors left without any post of their own lose their row (post-hook).
{{
    config(
        materialized='incremental',
        unique_key='author_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="{{ delete_missing(['platform', 'author_pseudonym'], '(select platform, author_pseudonym from ' ~ ref('fct_posts') ~ ' where is_automated is not true)') }}",
    )
}}
with posts as (
    select * from {{ ref('fct_posts') }}
),

signatures as (
    select platform, author_pseudonym, bit_xor(row_hash) as posts_hash
    from posts
    where author_pseudonym is not null
    group by platform, author_pseudonym
),

to_build as (
    select s.platform, s.author_pseudonym, s.posts_hash
    from signatures as s
    {% if is_incremental() -%}
    anti join (select platform, author_pseudonym, posts_hash from {{ this }}) as built
        on s.platform = built.platform
        and s.author_pseudonym = built.author_pseudonym
        and s.posts_hash is not distinct from built.posts_hash
    {%- endif %}
),

authored as (
    select p.platform, p.author_pseudonym, p.created_at, p.day, p.stance, p.is_demo
    from posts as p
    semi join to_build as b
        on p.platform = b.platform and p.author_pseudonym = b.author_pseudonym
    -- unknown authors (NA, [deleted], no author column) are NULL at ingestion: nobody to follow
    where p.author_pseudonym is not null
        -- retweets, link digests and copy-paste are not the author's own stance
        and p.is_automated is not true
),

stance_posts as (
    select
        *,
        -- collapse runs of the same stance so the sequence reads as changes of mind
        lag(stance) over (partition by platform, author_pseudonym order by created_at, stance) as previous_stance
    from authored
    where stance <> 'none'
),

stance_summary as (
    select
        platform,
        author_pseudonym,
        arg_min(stance, created_at) as first_stance,
        min(day) as first_stance_day,
        arg_max(stance, created_at) as last_stance,
        list(stance order by created_at, stance) filter (where previous_stance is distinct from stance)
            as stance_sequence,
        count(*) as stance_posts,
        min(created_at) filter (where stance in ('intends', 'considering')) as first_intent_at
    from stance_posts
    group by platform, author_pseudonym
),

follow_through as (
    select
        s.platform,
        s.author_pseudonym,
        min(p.created_at) as first_deleted_after_intent_at
    from stance_summary as s
    inner join stance_posts as p
        on p.platform = s.platform
        and p.author_pseudonym = s.author_pseudonym
        and p.stance = 'deleted'
        and p.created_at > s.first_intent_at
    group by s.platform, s.author_pseudonym
),

activity as (
    select
        platform,
        author_pseudonym,
        count(*) as posts,
        min(day) as first_post_day,
        max(day) as last_post_day,
        bool_or(stance = 'deleted') as ever_deleted,
        bool_or(is_demo) as is_demo
    from authored
    group by platform, author_pseudonym
),

final as (
    select
        a.platform || ':' || a.author_pseudonym as author_key,
        a.platform,
        a.author_pseudonym,
        a.posts,
        coalesce(s.stance_posts, 0) as stance_posts,
        a.first_post_day,
        a.last_post_day,
        s.first_stance,
        s.first_stance_day,
        s.last_stance,
        coalesce(s.stance_sequence, []::varchar[]) as stance_sequence,
        s.first_intent_at is not null as is_intender,
        s.first_intent_at::date as first_intent_day,
        coalesce(a.ever_deleted, false) as ever_deleted,
        f.first_deleted_after_intent_at is not null as followed_through,
        f.first_deleted_after_intent_at::date as follow_through_day,
        date_diff('day', s.first_intent_at::date, f.first_deleted_after_intent_at::date) as days_to_follow_through,
        a.is_demo,
        b.posts_hash
    from activity as a
    inner join to_build as b
        on a.platform = b.platform and a.author_pseudonym = b.author_pseudonym
    left join stance_summary as s
        on a.platform = s.platform and a.author_pseudonym = s.author_pseudonym
    left join follow_through as f
        on a.platform = f.platform and a.author_pseudonym = f.author_pseudonym
)

select * from final
