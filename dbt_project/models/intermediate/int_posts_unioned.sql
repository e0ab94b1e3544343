-- Every post from every source in one relation: the input of enrichment, topics and the marts.
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

final as (
    select
        *,
        -- one display/model text per post: a submission's title and body, a comment's body
        nullif(trim(concat_ws(E'\n\n', title, body)), '') as text
    from unioned
)

select * from final
