-- Delivery metric events. Volume, on-time rate and average delay count on the completion date, for the work
-- item's assignee (and their team that day) or the team running the order's location. Overdue-open counts are
-- period-end snapshots: one event per delivery still open and past its promised date (plus the tolerance) at
-- the snapshot date of a month (its last day, or the data as-of date while it runs); a cycle takes the
-- snapshot of its last month.
{%- set credit = {'person_id': 'employee_id', 'owning_team_id': 'owning_team_id', 'is_person_credited': 'true',
                  'project_key': 'project_key'} %}

with deliveries as (
    select * from {{ ref('int_delivery__deliveries') }}
),

completed as (
    select * from deliveries where is_completed
),

snapshot_dates as (
    select distinct snapshot_date from {{ ref('int_calendar__periods') }} where period_type = 'month'
),

ever_overdue as (
    -- a delivery completed or cancelled by its promised date (plus the tolerance) is never open past it: only
    -- the others need matching against the snapshot dates
    select * from deliveries
    where (completed_date is null
           or completed_date > {{ dbt.dateadd('day', var('delivery_tolerance_days'), 'promised_date') }})
        and (cancelled_date is null
             or cancelled_date > {{ dbt.dateadd('day', var('delivery_tolerance_days'), 'promised_date') }})
),

open_at_snapshot as (
    select
        deliveries.*,
        snapshot_dates.snapshot_date,
        {{ dbt.concat(['deliveries.delivery_id', "'@'", 'cast(snapshot_dates.snapshot_date as '
                       ~ dbt.type_string() ~ ')']) }} as snapshot_event_id
    from ever_overdue as deliveries
    inner join snapshot_dates
        on deliveries.created_date <= snapshot_dates.snapshot_date
        and {{ dbt.dateadd('day', var('delivery_tolerance_days'), 'deliveries.promised_date') }}
            < snapshot_dates.snapshot_date
        and (deliveries.completed_date is null or deliveries.completed_date > snapshot_dates.snapshot_date)
        and (deliveries.cancelled_date is null or deliveries.cancelled_date > snapshot_dates.snapshot_date)
)

select {{ metric_event('delivery_volume', 'delivery_id', 'completed_date', '1', **credit) }}
from completed

union all

select {{ metric_event('delivery_on_time_rate', 'delivery_id', 'completed_date',
                       'case when is_on_time then 1 else 0 end', '1', **credit) }}
from completed

union all

select {{ metric_event('delivery_avg_delay_days', 'delivery_id', 'completed_date', 'days_late', '1', **credit) }}
from completed
where not is_on_time

union all

select {{ metric_event('delivery_overdue_open', 'snapshot_event_id', 'snapshot_date', '1',
                       is_period_end_snapshot='true', **credit) }}
from open_at_snapshot
