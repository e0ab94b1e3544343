{#- Fails for every row whose interval [low, high] is not inside [0, 1] or misses the estimate. -#}
{% test interval_contains(model, column_name, low, high) %}
select *
from {{ model }}
where not ({{ low }} >= -1e-9 and {{ high }} <= 1 + 1e-9
           and {{ low }} <= {{ column_name }} + 1e-9 and {{ column_name }} <= {{ high }} + 1e-9)
{% endtest %}
