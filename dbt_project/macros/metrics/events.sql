{#- The columns every metric event carries before attribution (int_metric__*_events → int_metric__events):
    which metric and record, the day it counts on, whose team gets it (`person_id` at `event_date`, or
    `owning_team_id` for records a team owns), whether the person is credited too, the goal filters
    (source_system, project_key, region, product_line, channel), and its numerator and denominator. -#}
{% macro metric_event(metric_id, event_id, event_date, numerator, denominator='null', person_id='null',
                      owning_team_id='null', is_person_credited='false', project_key='null', region='null',
                      product_line='null', channel='null', is_period_end_snapshot='false') -%}
    '{{ metric_id }}' as metric_id,
    {{ event_id }} as event_id,
    source_system,
    record_id,
    record_label,
    {{ event_date }} as event_date,
    cast({{ person_id }} as {{ dbt.type_string() }}) as person_id,
    cast({{ owning_team_id }} as {{ dbt.type_string() }}) as owning_team_id,
    {{ is_person_credited }} as is_person_credited,
    cast({{ project_key }} as {{ dbt.type_string() }}) as project_key,
    cast({{ region }} as {{ dbt.type_string() }}) as region,
    cast({{ product_line }} as {{ dbt.type_string() }}) as product_line,
    cast({{ channel }} as {{ dbt.type_string() }}) as channel,
    cast({{ numerator }} as {{ dbt.type_numeric() }}) as numerator,
    cast({{ denominator }} as {{ dbt.type_numeric() }}) as denominator,
    {{ is_period_end_snapshot }} as is_period_end_snapshot
{%- endmacro %}
