-- One row per hand-labelled post: the labellers' majority stance next to the classifier's.
with labels as (
    select * from {{ ref('int_post_labels_aggregated') }}
),

posts as (
    select * from {{ ref('fct_posts') }}
),

final as (
    select
        posts.post_key,
        labels.platform,
        labels.post_id,
        date_trunc('week', posts.created_at)::date as week,
        labels.label_stance,
        labels.label_sentiment,
        posts.stance as predicted_stance,
        posts.sentiment as predicted_sentiment,
        labels.n_labels::integer as n_labels,
        labels.labellers_agree,
        labels.labelled_at,
        posts.is_demo
    from labels
    inner join posts
        on posts.platform = labels.platform
        and posts.post_id = labels.post_id
)

select * from final
