{#-
    Which metric events count for a goal, in one place: the events of the goal's metric credited to its owner
    (the employee, the team, the department, or the whole company), that pass every filter the goal sets
    (source, project, region, product line, channel), dated within [period_start, period_end]. A period-end
    count (is_period_end_snapshot) is taken on `snapshot_date` only; with snapshot_date none, every snapshot in
    the period is kept (the caller picks one later).

    `goals` is the name of a relation (CTE) in scope with owner_type, owner_id, metric_id and the filter_*
    columns of int_goals__checkpoints; `events` is a relation such as ref('int_metric__events'), read once and
    named `events` in `columns` (the select list, in terms of `goals` and `events`). Each event is paired with
    its owner of each kind in `owner_types`, so one equi-join on (metric, owner kind, owner) matches every goal.
-#}
{% macro goal_events(goals, events, columns, period_start, period_end, snapshot_date=none,
                     owner_types=['employee', 'team', 'department', 'company']) -%}
    {%- set owner_columns = {'employee': 'employee_id', 'team': 'team_id', 'department': 'department',
                             'company': "'company'"} %}
    select
        {{ columns }}
    from {{ goals }}
    inner join (
        select
            owner_kinds.owner_type,
            case owner_kinds.owner_type
                {%- for owner_type in owner_types %}
                when '{{ owner_type }}' then {{ owner_columns[owner_type] }}
                {%- endfor %}
            end as owner_id,
            source_events.*
        from {{ events }} as source_events
        cross join (
            {%- for owner_type in owner_types %}
            select '{{ owner_type }}' as owner_type{% if not loop.last %} union all{% endif %}
            {%- endfor %}
        ) as owner_kinds
    ) as events
        on events.metric_id = {{ goals }}.metric_id
        and events.owner_type = {{ goals }}.owner_type
        and events.owner_id = case when {{ goals }}.owner_type = 'company' then 'company' else {{ goals }}.owner_id end
        and events.event_date >= {{ period_start }}
        and events.event_date <= {{ period_end }}
    where {{ goal_filters_match(goals, 'events') }}
        {%- if snapshot_date is not none %}
        -- a period-end count is taken on the snapshot day only
        and (not events.is_period_end_snapshot or events.event_date = {{ snapshot_date }})
        {%- endif %}
{%- endmacro %}
