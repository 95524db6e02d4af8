-- Every metric's value per owner and period: metric × entity (employee, team, department, company) × period
-- (month, review cycle; the one running is to date). Events roll up by the metric library's aggregation
-- (macro metric_value) to the employee credited, the team and department of the event's day, and the company.
-- An owner gets a row for every period it existed in (an employee employed, a team with members) once it has
-- any event of the metric, so a month without events shows 0 for sums and "no value" for ratios and medians.
-- Period-end snapshot metrics take, per period, only the events of its snapshot date.
with metrics as (
    select metric_id, aggregation, min_events from {{ ref('stg_files__metrics') }}
),

periods as (
    select * from {{ ref('int_calendar__periods') }}
),

months as (
    select * from {{ ref('int_calendar__months') }}
),

event_months as (
    select events.*, months.month_id, months.cycle_id
    from {{ ref('int_metric__events') }} as events
    inner join months
        on months.month_start = cast({{ dbt.date_trunc('month', 'events.event_date') }} as date)
),

event_periods as (
    -- each event in its month and its cycle (a snapshot event only in the cycle whose snapshot it is)
    select event_months.*, 'month' as period_type, month_id as period_id
    from event_months

    union all

    select event_months.*, 'cycle' as period_type, event_months.cycle_id as period_id
    from event_months
    inner join periods on periods.period_type = 'cycle' and periods.period_id = event_months.cycle_id
    where not event_months.is_period_end_snapshot or event_months.event_date = periods.snapshot_date
),

entity_events as (
    {%- for entity_type, entity_column in [('employee', 'employee_id'), ('team', 'team_id'),
                                           ('department', 'department'), ('company', "'company'")] %}
    select metric_id, '{{ entity_type }}' as entity_type, {{ entity_column }} as entity_id, period_type,
           period_id, event_id, numerator, denominator
    from event_periods
    where {{ entity_column }} is not null
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

entity_periods as (
    -- the periods each owner existed in
    select distinct 'employee' as entity_type, history.employee_id as entity_id, periods.period_type,
                    periods.period_id
    from {{ ref('int_org__employee_history') }} as history
    inner join periods
        on history.valid_from <= periods.period_end
        and (history.valid_to is null or history.valid_to > periods.period_start)

    union all

    {%- for entity_type, entity_column in [('team', 'team_id'), ('department', 'department')] %}
    select distinct '{{ entity_type }}', teams.{{ entity_column }}, periods.period_type, periods.period_id
    from {{ ref('int_org__team_history') }} as teams
    inner join periods
        on teams.valid_from <= periods.period_end
        and (teams.valid_to is null or teams.valid_to > periods.period_start)
    where teams.{{ entity_column }} is not null

    union all
    {%- endfor %}

    select 'company', 'company', period_type, period_id
    from periods
),

scope as (
    select owners.metric_id, owners.entity_type, owners.entity_id, entity_periods.period_type,
           entity_periods.period_id
    from (select distinct metric_id, entity_type, entity_id from entity_events) as owners
    inner join entity_periods
        on entity_periods.entity_type = owners.entity_type and entity_periods.entity_id = owners.entity_id

    union

    select distinct metric_id, entity_type, entity_id, period_type, period_id
    from entity_events
)

select
    scope.metric_id,
    scope.entity_type,
    scope.entity_id,
    scope.period_type,
    scope.period_id,
    periods.period_start,
    periods.period_end,
    {{ metric_value('metrics.aggregation', 'entity_events.numerator', 'entity_events.denominator') }} as value,
    cast(case when metrics.aggregation in ('sum', 'ratio') then coalesce(sum(entity_events.numerator), 0) end
         as {{ dbt.type_numeric() }}) as numerator,
    cast(case when metrics.aggregation = 'ratio' then coalesce(sum(entity_events.denominator), 0) end
         as {{ dbt.type_numeric() }}) as denominator,
    count(entity_events.event_id) as event_count,
    count(entity_events.event_id) >= metrics.min_events as has_enough_data
from scope
inner join metrics on metrics.metric_id = scope.metric_id
inner join periods on periods.period_type = scope.period_type and periods.period_id = scope.period_id
left join entity_events
    on entity_events.metric_id = scope.metric_id
    and entity_events.entity_type = scope.entity_type
    and entity_events.entity_id = scope.entity_id
    and entity_events.period_type = scope.period_type
    and entity_events.period_id = scope.period_id
group by scope.metric_id, scope.entity_type, scope.entity_id, scope.period_type, scope.period_id,
         periods.period_start, periods.period_end, metrics.aggregation, metrics.min_events
