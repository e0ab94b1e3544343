-- Headline stance shares over all weeks: the classifier's, the corrected one and its 95% interval.
with prevalence as (
    select * from {{ ref('int_stance_prevalence_by_period') }}
),

final as (
    select
        stance,
        week_posts as total_posts,
        posts,
        raw_share,
        adjusted_share,
        ci_low,
        ci_high,
        n_labelled,
        method
    from prevalence
    where period = 'all'
)

select * from final
