{#- A fixed-scale decimal as a person writes it, the same on every engine: 1195000.000000 → '1195000',
    0.391000 → '0.391'. Only for values typed with to_numeric (numeric with decimals). -#}
{% macro decimal_as_text(value) -%}
    rtrim(rtrim(cast({{ value }} as {{ dbt.type_string() }}), '0'), '.')
{%- endmacro %}
