-- The topics of the current model plus one row for outliers / unassigned posts (topic_id -1).
with topic_info as (
    select * from {{ source('topics', 'topic_info') }}
),

outliers as (
    select
        -1 as topic_id,
        'Outliers / unassigned' as label,
        []::varchar[] as top_terms,
        []::varchar[] as representative_posts,
        null::double as npmi,
        (select max(model_version) from topic_info) as model_version,
        true as is_outlier
),

final as (
    select
        topic_id,
        label,
        top_terms,
        representative_posts,
        npmi,
        model_version,
        false as is_outlier
    from topic_info
    union all
    select * from outliers
)

select * from final
