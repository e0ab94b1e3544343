-- Days whose volume is anomalous for the recent baseline: robust z-score of the day's posts (all
-- platforms) against the median and MAD of the trailing window, with a minimum volume, the nearest
-- dated event within a few days, and what people talked about that day.
{% set window_days = var('spike_window_days', 14) %}
{% set min_baseline_days = var('spike_min_baseline_days', 7) %}
{% set min_posts = var('spike_min_posts', 20) %}
{% set min_z = var('spike_min_z', 3.5) %}
{% set event_window_days = var('spike_event_window_days', 3) %}

with volume as (
    select * from {{ ref('fct_daily_volume') }}
),

movement as (
    select * from {{ ref('fct_daily_movement') }}
),

events as (
    select * from {{ ref('dim_events') }}
),

topic_daily as (
    select * from {{ ref('fct_topic_daily') }}
),

topics as (
    select * from {{ ref('dim_topics') }}
),

daily as (
    select day, sum(posts)::bigint as posts, bool_or(has_demo) as has_demo
    from volume
    group by day
),

-- days without posts count as zero in the baseline
spine as (
    select range::date as day
    from range(
        (select min(day) from daily)::timestamp,
        (select max(day) from daily)::timestamp + interval 1 day,
        interval 1 day
    )
),

filled as (
    select spine.day, coalesce(daily.posts, 0)::bigint as posts, coalesce(daily.has_demo, false) as has_demo
    from spine
    left join daily using (day)
),

baseline as (
    select
        day,
        posts,
        has_demo,
        count(*) over baseline_window as baseline_days,
        median(posts) over baseline_window as baseline_median,
        mad(posts) over baseline_window as baseline_mad
    from filled
    window baseline_window as (order by day rows between {{ window_days }} preceding and 1 preceding)
),

scored as (
    select
        *,
        -- 1.4826 * MAD estimates the standard deviation; floor 1 post so a flat baseline cannot divide by zero
        (posts - baseline_median) / greatest(1.4826 * baseline_mad, 1.0) as robust_z
    from baseline
    where baseline_days >= {{ min_baseline_days }}
),

spikes as (
    select *
    from scored
    where posts >= {{ min_posts }} and robust_z >= {{ min_z }}
),

nearest_event as (
    select
        s.day,
        arg_min(
            e.event_id,
            abs(date_diff('day', e.day, s.day)) * 2 + (case when e.day > s.day then 1 else 0 end)
        ) as event_id
    from spikes as s
    inner join events as e
        on abs(date_diff('day', e.day, s.day)) <= {{ event_window_days }}
    group by s.day
),

topic_rank as (
    select
        t.day,
        t.topic_id,
        sum(t.posts) as posts,
        row_number() over (partition by t.day order by sum(t.posts) desc, t.topic_id) as rank
    from topic_daily as t
    where t.topic_id <> -1 and t.day in (select day from spikes)
    group by t.day, t.topic_id
),

top_topics as (
    select r.day, list(coalesce(d.label, r.topic_id::varchar) order by r.rank) as top_topics
    from topic_rank as r
    left join topics as d on r.topic_id = d.topic_id
    where r.rank <= 3
    group by r.day
),

stance_counts as (
    unpivot (
        select day, sum(deleted) as deleted, sum(intends) as intends, sum(considering) as considering,
            sum(urges) as urges, sum(staying) as staying
        from movement
        where day in (select day from spikes)
        group by day
    ) on deleted, intends, considering, urges, staying into name stance value posts
),

top_stances as (
    select day, list(stance order by posts desc, stance)[1:3] as top_stances
    from stance_counts
    where posts > 0
    group by day
),

final as (
    select
        s.day,
        s.posts,
        s.baseline_median::double as baseline_median,
        s.baseline_mad::double as baseline_mad,
        round(s.robust_z, 2)::double as robust_z,
        round(s.posts / greatest(s.baseline_median, 1.0), 2)::double as ratio_to_baseline,
        n.event_id,
        e.title as event_title,
        e.day as event_day,
        date_diff('day', e.day, s.day) as days_from_event,
        coalesce(tt.top_topics, []::varchar[]) as top_topics,
        coalesce(ts.top_stances, []::varchar[]) as top_stances,
        s.has_demo
    from spikes as s
    left join nearest_event as n on s.day = n.day
    left join events as e on n.event_id = e.event_id
    left join top_topics as tt on s.day = tt.day
    left join top_stances as ts on s.day = ts.day
)

select * from final
