-- One row per hand-labelled post: the labellers' majority stance, their sentiment, and how much they agree.
with labels as (
    select * from {{ source('labels', 'stance_labels') }}
),

votes as (
    select platform, post_id, stance, count(*) as votes, max(labelled_at) as latest
    from labels
    group by platform, post_id, stance
),

ranked as (
    select
        *,
        -- majority stance; a tie goes to the most recent label (then alphabetically, to be deterministic)
        row_number() over (partition by platform, post_id order by votes desc, latest desc, stance) as rn,
        sum(votes) over (partition by platform, post_id) as n_labels,
        count(*) over (partition by platform, post_id) as distinct_stances
    from votes
),

-- most common sentiment; a tie goes to the most recent label, then alphabetically (mode() would pick
-- whichever value DuckDB's scan met first)
sentiment_votes as (
    select platform, post_id, sentiment, count(*) as votes, max(labelled_at) as latest
    from labels
    where sentiment is not null
    group by platform, post_id, sentiment
),

sentiments as (
    select platform, post_id, sentiment
    from sentiment_votes
    qualify row_number() over (partition by platform, post_id order by votes desc, latest desc, sentiment) = 1
),

final as (
    select
        ranked.platform || ':' || ranked.post_id as post_key,
        ranked.platform,
        ranked.post_id,
        ranked.stance as label_stance,
        sentiments.sentiment as label_sentiment,
        ranked.n_labels,
        ranked.distinct_stances = 1 as labellers_agree,
        ranked.latest as labelled_at
    from ranked
    left join sentiments
        on sentiments.platform = ranked.platform
        and sentiments.post_id = ranked.post_id
    where ranked.rn = 1
)

select * from final
