{#- How periods are named, on every engine: months 'YYYY-MM'; review cycles by their first month and length. -#}

{# A month's id, 'YYYY-MM', from its first day (dates render as 'YYYY-MM-DD' on every supported engine). #}
{% macro month_id(month_start) -%}
    substring(cast({{ month_start }} as {{ dbt.type_string() }}), 1, 7)
{%- endmacro %}

{# A review cycle's id from the year and month it starts in: half-years '2025H1', quarters '2025Q3', years
   '2025'; other lengths are named by their first month ('2025-04'). #}
{% macro cycle_id(start_year, start_month, cycle_months) -%}
    {%- set year_text = as_text(start_year) -%}
    {%- if cycle_months in (3, 6) -%}
        {%- set part = as_text("floor((" ~ start_month ~ " - 1) / " ~ cycle_months ~ ".0) + 1") -%}
        {{ dbt.concat([year_text, "'H'" if cycle_months == 6 else "'Q'", part]) }}
    {%- elif cycle_months == 12 -%}
        {{ year_text }}
    {%- else -%}
        {{ dbt.concat([year_text, "'-'", "lpad(" ~ as_text(start_month) ~ ", 2, '0')"]) }}
    {%- endif -%}
{%- endmacro %}

{# A whole number as text ('7', not '7.0'). #}
{% macro as_text(number) -%}
    cast(cast({{ number }} as {{ dbt.type_int() }}) as {{ dbt.type_string() }})
{%- endmacro %}
