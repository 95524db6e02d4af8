{#-
    Aggregates of doubles that give the same bits whatever order the rows arrive in. A sum of doubles depends on
    the order parallel threads add them in, so a rebuild from the same raw zone gave marts that differed in the
    last bit (and, where people were ranked by such a value, in which of two tied people came first). These sum
    exact decimals instead (values held to 12 decimal places) and turn the result into a double once.
-#}
{% macro exact_decimal(value) -%}
    cast({{ value }} as decimal(38, 12))
{%- endmacro %}

{#- `over`: a window (e.g. 'over (partition by team_id)'); none in a GROUP BY. -#}
{% macro exact_avg(value, over='') -%}
    cast(avg({{ exact_decimal(value) }}) {{ over }} as {{ type_double() }})
{%- endmacro %}

{#- n·Σxy − Σx·Σy: exact, so the variances built on it are never negative by rounding. -#}
{% macro _exact_co_moment(x, y) -%}
    (count({{ x }}) * sum({{ exact_decimal(x) }} * {{ exact_decimal(y) }})
     - sum({{ exact_decimal(x) }}) * sum({{ exact_decimal(y) }}))
{%- endmacro %}

{% macro exact_stddev_samp(value) -%}
    sqrt(cast({{ _exact_co_moment(value, value) }} as {{ type_double() }})
         / nullif(count({{ value }}) * (count({{ value }}) - 1), 0))
{%- endmacro %}

{#- Pearson's correlation over the rows where both values are present (as corr() does). -#}
{% macro exact_corr(x, y) -%}
    {%- set both_x = 'case when ' ~ y ~ ' is not null then ' ~ x ~ ' end' -%}
    {%- set both_y = 'case when ' ~ x ~ ' is not null then ' ~ y ~ ' end' -%}
    cast({{ _exact_co_moment(both_x, both_y) }} as {{ type_double() }})
        / nullif(sqrt(cast({{ _exact_co_moment(both_x, both_x) }} as {{ type_double() }})
                      * cast({{ _exact_co_moment(both_y, both_y) }} as {{ type_double() }})), 0)
{%- endmacro %}
