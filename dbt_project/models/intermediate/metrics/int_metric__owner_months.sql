-- Metric events added up once, per owner and month, for every roll-up and goal to read instead of the events:
-- one row per metric, owner (the employee credited, the team and department of the event's day, the company),
-- month of the calendar, and combination of the values goals filter on (source, project, region, product line,
-- channel). Period-end counts keep their snapshot date, and the few events dated after the data as-of date are
-- kept apart, so a cycle or a checkpoint can still pick its own. A median cannot be added up: a median metric's
-- events stay one row each (event_id set).
{%- set owners = [('employee', 'employee_id'), ('team', 'team_id'), ('department', 'department'),
                  ('company', none)] %}
{%- set keys = ['metric_id', 'source_system', 'project_key', 'region', 'product_line', 'channel', 'month_id',
                'month_start', 'cycle_id', 'is_period_end_snapshot', 'snapshot_date', 'is_after_as_of_date',
                'event_id'] %}
{%- set event_keys = keys | reject('in', ['month_id', 'cycle_id']) | list %}

with metrics as (
    select metric_id, aggregation from {{ ref('stg_files__metrics') }}
),

months as (
    select month_start, month_id, cycle_id from {{ ref('int_calendar__months') }}
),

data_as_of as (
    select as_of_date from {{ ref('int_calendar__data_as_of') }}
),

events as (
    select
        events.metric_id,
        events.employee_id,
        events.team_id,
        events.department,
        events.source_system,
        events.project_key,
        events.region,
        events.product_line,
        events.channel,
        cast({{ dbt.date_trunc('month', 'events.event_date') }} as date) as month_start,
        events.is_period_end_snapshot,
        case when events.is_period_end_snapshot then events.event_date end as snapshot_date,
        events.event_date > data_as_of.as_of_date as is_after_as_of_date,
        case when metrics.aggregation = 'median' then events.event_id end as event_id,
        events.numerator,
        events.denominator
    from {{ ref('int_metric__events') }} as events
    left join metrics on metrics.metric_id = events.metric_id
    cross join data_as_of
),

-- the finest grain first (every owner column at once), so each owner's roll-up reads the already shrunk rows;
-- grouped on the month's first day alone, then named and put in its cycle (the calendar's months only)
finest_totals as (
    select
        {{ event_keys | join(', ') }},
        employee_id,
        team_id,
        department,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        count(*) as event_count
    from events
    group by {{ event_keys | join(', ') }}, employee_id, team_id, department
),

event_totals as (
    select finest_totals.*, months.month_id, months.cycle_id
    from finest_totals
    inner join months on months.month_start = finest_totals.month_start
)

{% for owner_type, owner_column in owners %}
select
    '{{ owner_type }}' as owner_type,
    {{ owner_column or "'company'" }} as owner_id,
    {{ keys | join(', ') }},
    cast(sum(numerator) as {{ dbt.type_numeric() }}) as numerator,
    cast(sum(denominator) as {{ dbt.type_numeric() }}) as denominator,
    cast(sum(event_count) as {{ dbt.type_bigint() }}) as event_count
from event_totals
{%- if owner_column %}
where {{ owner_column }} is not null
{%- endif %}
group by {{ keys | join(', ') }}{% if owner_column %}, {{ owner_column }}{% endif %}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
