{#- Posts and authors with counts per deletion stance and per sentiment: the movement mix shared by
    fct_daily_movement and fct_topic_daily. Use inside a select over fct_posts with a group by. -#}
{% macro movement_counts() -%}
        count(*) as posts,
        count(distinct author_pseudonym) as authors,
        count(*) filter (where stance = 'deleted') as deleted,
        count(*) filter (where stance = 'intends') as intends,
        count(*) filter (where stance = 'considering') as considering,
        count(*) filter (where stance = 'urges') as urges,
        count(*) filter (where stance = 'staying') as staying,
        count(*) filter (where stance = 'none') as no_stance,
        count(*) filter (where sentiment = 'positive') as positive,
        count(*) filter (where sentiment = 'neutral') as neutral,
        count(*) filter (where sentiment = 'negative') as negative,
        avg(sentiment_score) as mean_sentiment_score,
        bool_or(is_demo) as has_demo
{%- endmacro %}
