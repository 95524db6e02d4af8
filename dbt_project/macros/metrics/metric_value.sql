{#- The one roll-up rule from metric events to a metric's value over a group of events (an owner and a period),
    used by fct_metric_values and by goal attainment. `aggregation` is the metric library's:
      sum    — the numerators added up (0 when there are no events);
      ratio  — numerators ÷ denominators (NULL when the denominator is 0 or there are no events);
      median — the median of the numerators (NULL when there are no events).
    All three arguments are SQL expressions; the result is an aggregate expression. It applies unchanged to rows
    that already add up several events (int_metric__owner_months): sums of sums are sums, and a median metric's
    rows there are single events. The median is fed only the median metrics' rows, so other groups skip its sort. -#}
{% macro metric_value(aggregation, numerator, denominator) -%}
    cast(case {{ aggregation }}
        when 'sum' then coalesce(sum({{ numerator }}), 0)
        when 'ratio' then sum({{ numerator }}) / nullif(sum({{ denominator }}), 0)
        when 'median' then {{ median("case when " ~ aggregation ~ " = 'median' then " ~ numerator ~ " end") }}
    end as {{ dbt.type_numeric() }})
{%- endmacro %}
