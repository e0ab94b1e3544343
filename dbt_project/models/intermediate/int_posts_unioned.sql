-- Every post from every source in one relation: the input of enrichment, topics and the marts.
-- Incremental: only new or changed rows are written, removed posts deleted (macros/changed_rows.sql).
{{
    config(
        materialized='incremental',
        unique_key='post_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="{{ delete_missing('post_key', '(select post_key from ' ~ ref('stg_demo__posts') ~ ' union all select post_key from ' ~ ref('stg_reddit__posts') ~ ' union all select post_key from ' ~ ref('stg_files__posts') ~ ')') }}",
    )
}}
with demo as (
    select * from {{ ref('stg_demo__posts') }}
),

reddit as (
    select * from {{ ref('stg_reddit__posts') }}
),

files as (
    select * from {{ ref('stg_files__posts') }}
),

unioned as (
    select * from demo
    union all by name
    select * from reddit
    union all by name
    select * from files
),

changed as (
    {{ changed_rows('unioned', 'post_key') }}
),

final as (
    select
        * exclude (row_hash),
        -- one display/model text per post: a submission's title and body, a comment's body; derived, so
        -- computed after the comparison, for changed rows only (row_hash covers title and body)
        nullif(trim(concat_ws(E'\n\n', title, body)), '') as text,
        row_hash
    from changed
)

select * from final
