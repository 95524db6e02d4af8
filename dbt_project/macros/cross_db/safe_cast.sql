{#-
    dbt.safe_cast, made safe: bad input becomes NULL instead of failing the whole model. dbt's default is a
    plain cast on both engines. DuckDB has try_cast; PostgreSQL has none, so the text is checked against
    the shape the target type accepts before casting (numbers, dates, timestamps, booleans).
-#}

{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro postgres__safe_cast(field, type) -%}
    {%- set kind = type | lower -%}
    {%- if kind.startswith(('int', 'bigint', 'smallint')) -%}
        {%- set shape = '^\s*[+-]?[0-9]+\s*$' -%}
    {%- elif kind.startswith(('numeric', 'decimal', 'float', 'double', 'real')) -%}
        {%- set shape = '^\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$' -%}
    {%- elif kind == 'date' -%}
        {%- set shape = '^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$' -%}
    {%- elif kind.startswith('timestamp') -%}
        {%- set shape = '^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?\s*$' -%}
    {%- elif kind.startswith('bool') -%}
        {%- set shape = '^\s*(true|false|t|f|yes|no|y|n|on|off|1|0)\s*$' -%}
    {%- else -%}
        {%- set shape = none -%}
    {%- endif -%}
    {%- if shape is none -%}
        cast({{ field }} as {{ type }})
    {%- else -%}
        case when cast({{ field }} as text) ~* '{{ shape }}' then cast({{ field }} as {{ type }}) end
    {%- endif -%}
{%- endmacro %}
