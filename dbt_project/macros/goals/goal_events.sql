{#-
    Which metric events count for a goal, in one place: the events of the goal's metric credited to its owner
    (the employee, the team, the department, or the whole company), that pass every filter the goal sets
    (source, project, region, product line, channel), dated within [period_start, period_end]. A period-end
    count (is_period_end_snapshot) is taken on `snapshot_date` only; with snapshot_date none, every snapshot in
    the period is kept (the caller picks one later).

    `goals` and `events` are the names of relations (CTEs) in scope: `goals` has owner_type, owner_id, metric_id
    and the filter_* columns of int_goals__checkpoints; `events` is int_metric__events. `columns` is the select
    list (in terms of those two names). Renders a union of one equi-join per kind of owner.
-#}
{% macro goal_events(goals, events, columns, period_start, period_end, snapshot_date=none) -%}
    {%- for owner_type, event_column in [('employee', 'employee_id'), ('team', 'team_id'),
                                         ('department', 'department'), ('company', none)] %}
    select
        {{ columns }}
    from {{ goals }}
    inner join {{ events }}
        on {{ events }}.metric_id = {{ goals }}.metric_id
        {%- if event_column %}
        and {{ events }}.{{ event_column }} = {{ goals }}.owner_id
        {%- endif %}
        and {{ events }}.event_date >= {{ period_start }}
        and {{ events }}.event_date <= {{ period_end }}
    where {{ goals }}.owner_type = '{{ owner_type }}'
        and {{ goal_filters_match(goals, events) }}
        {%- if snapshot_date is not none %}
        -- a period-end count is taken on the snapshot day only
        and (not {{ events }}.is_period_end_snapshot or {{ events }}.event_date = {{ snapshot_date }})
        {%- endif %}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
