{#- How much an actual must still move to reach a level, in the metric's own unit: up for higher-is-better, down
    for lower-is-better; 0 once reached, NULL without an actual or a level. -#}
{% macro gap_to_reach(actual, level, direction) -%}
    case
        when {{ actual }} is null or {{ level }} is null then null
        when {{ direction }} = 'higher' then greatest({{ level }} - {{ actual }}, 0)
        else greatest({{ actual }} - {{ level }}, 0)
    end
{%- endmacro %}
