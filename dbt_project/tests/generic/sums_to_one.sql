{#- Fails for every group whose shares do not add up to 1 (within 1e-6); an empty group_by checks the whole table. -#}
{% test sums_to_one(model, column_name, group_by=[]) %}
select {% for col in group_by %}{{ col }}, {% endfor %}sum({{ column_name }}) as total
from {{ model }}
{% if group_by %}group by {{ group_by | join(', ') }}{% endif %}
having count(*) > 0 and abs(sum({{ column_name }}) - 1) > 1e-6
{% endtest %}
