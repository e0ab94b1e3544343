-- Stance shares per week: the classifier's, the corrected one and its 95% interval (labels/stance_prevalence).
with prevalence as (
    select * from {{ ref('int_stance_prevalence_by_period') }}
),

final as (
    select
        week,
        stance,
        week_posts,
        posts,
        raw_share,
        adjusted_share,
        ci_low,
        ci_high,
        n_labelled,
        method
    from prevalence
    where period = 'week'
)

select * from final
