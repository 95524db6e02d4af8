-- Every metric's value per owner and period: metric × entity (employee, team, department, company) × period
-- (month, review cycle; the one running is to date). Events roll up by the metric library's aggregation
-- (macro metric_value) to the employee credited, the team and department of the event's day, and the company,
-- from their monthly totals (int_metric__owner_months): a month adds up its own, a cycle its months'.
-- An owner gets a row for every period it existed in (an employee employed, a team with members) once it has
-- any event of the metric, so a month without events shows 0 for sums and "no value" for ratios and medians.
-- Period-end snapshot metrics take, per period, only the events of its snapshot date.
with metrics as (
    select metric_id, aggregation, min_events from {{ ref('stg_files__metrics') }}
),

periods as (
    select * from {{ ref('int_calendar__periods') }}
),

owner_months as (
    select * from {{ ref('int_metric__owner_months') }}
),

period_rows as (
    -- each month's totals in their month and their cycle (a snapshot count only in the cycle whose snapshot it is)
    select owner_months.*, 'month' as period_type, owner_months.month_id as period_id
    from owner_months

    union all

    select owner_months.*, 'cycle' as period_type, owner_months.cycle_id as period_id
    from owner_months
    inner join periods on periods.period_type = 'cycle' and periods.period_id = owner_months.cycle_id
    where not owner_months.is_period_end_snapshot or owner_months.snapshot_date = periods.snapshot_date
),

period_values as (
    select
        period_rows.metric_id,
        period_rows.owner_type as entity_type,
        period_rows.owner_id as entity_id,
        period_rows.period_type,
        period_rows.period_id,
        {{ metric_value('metrics.aggregation', 'period_rows.numerator', 'period_rows.denominator') }} as value,
        sum(period_rows.numerator) as numerator,
        sum(period_rows.denominator) as denominator,
        sum(period_rows.event_count) as event_count
    from period_rows
    inner join metrics on metrics.metric_id = period_rows.metric_id
    group by period_rows.metric_id, period_rows.owner_type, period_rows.owner_id, period_rows.period_type,
             period_rows.period_id, metrics.aggregation
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
    from (select distinct metric_id, entity_type, entity_id from period_values) as owners
    inner join entity_periods
        on entity_periods.entity_type = owners.entity_type and entity_periods.entity_id = owners.entity_id

    union

    select metric_id, entity_type, entity_id, period_type, period_id
    from period_values
)

select
    scope.metric_id,
    scope.entity_type,
    scope.entity_id,
    scope.period_type,
    scope.period_id,
    periods.period_start,
    periods.period_end,
    -- a period without events: a sum is 0, a ratio or median has no value
    cast(case when period_values.metric_id is not null then period_values.value
        when metrics.aggregation = 'sum' then 0 end as {{ dbt.type_numeric() }}) as value,
    cast(case when metrics.aggregation in ('sum', 'ratio') then coalesce(period_values.numerator, 0) end
         as {{ dbt.type_numeric() }}) as numerator,
    cast(case when metrics.aggregation = 'ratio' then coalesce(period_values.denominator, 0) end
         as {{ dbt.type_numeric() }}) as denominator,
    cast(coalesce(period_values.event_count, 0) as {{ dbt.type_bigint() }}) as event_count,
    coalesce(period_values.event_count, 0) >= metrics.min_events as has_enough_data
from scope
inner join metrics on metrics.metric_id = scope.metric_id
inner join periods on periods.period_type = scope.period_type and periods.period_id = scope.period_id
left join period_values
    on period_values.metric_id = scope.metric_id
    and period_values.entity_type = scope.entity_type
    and period_values.entity_id = scope.entity_id
    and period_values.period_type = scope.period_type
    and period_values.period_id = scope.period_id
