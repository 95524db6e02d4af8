{#- The median of a column within a group (interpolated between the two middle values for an even count). -#}
{% macro median(expression) %}
    {{ return(adapter.dispatch('median', 'perfloop')(expression)) }}
{% endmacro %}

{% macro default__median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}

{% macro duckdb__median(expression) -%}
    median({{ expression }})
{%- endmacro %}
