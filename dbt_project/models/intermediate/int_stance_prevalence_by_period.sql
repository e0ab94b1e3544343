-- Raw and corrected stance shares with their 95% intervals, per week ('week') and over all weeks ('all').
with prevalence as (
    select * from {{ source('labels', 'stance_prevalence') }}
),

final as (
    select
        period,
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
)

select * from final
