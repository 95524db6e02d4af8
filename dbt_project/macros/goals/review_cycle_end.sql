{#-
    The last day of a review cycle named like the goal file names it (checked on load): `2026H2` (half-years),
    `2026Q3` (quarters) or `2026` (years). NULL for any other name.
-#}
{% macro review_cycle_end(cycle_id) -%}
    {%- set year_start = "cast(substr(" ~ cycle_id ~ ", 1, 4) || '-01-01' as date)" -%}
    {%- set part = dbt.safe_cast("substr(" ~ cycle_id ~ ", 6, 1)", dbt.type_int()) -%}
    cast(case
        when {{ cycle_id }} like '____H_' then {{ dbt.dateadd('day', -1, dbt.dateadd('month', '6 * ' ~ part, year_start)) }}
        when {{ cycle_id }} like '____Q_' then {{ dbt.dateadd('day', -1, dbt.dateadd('month', '3 * ' ~ part, year_start)) }}
        when length({{ cycle_id }}) = 4 then {{ dbt.dateadd('day', -1, dbt.dateadd('year', 1, year_start)) }}
    end as date)
{%- endmacro %}
