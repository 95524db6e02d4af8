{#- An 8-byte floating-point type on every engine. dbt.type_float() is not one: it renders `float`, which is
    8 bytes on PostgreSQL but 4 bytes (REAL) on DuckDB. -#}
{% macro type_double() %}
    {{ return(adapter.dispatch('type_double', 'perfloop')()) }}
{% endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}
