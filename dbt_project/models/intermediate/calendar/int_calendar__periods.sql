-- One row per reporting period — every month and every review cycle that has started by the data as-of date.
-- A period still running is measured to date: `snapshot_date` is the day a period-end count is taken (its
-- last day, or the as-of date while it runs).
with months as (
    select * from {{ ref('int_calendar__months') }}
),

data_as_of as (
    select as_of_date from {{ ref('int_calendar__data_as_of') }}
),

periods as (
    select
        'month' as period_type,
        month_id as period_id,
        month_start as period_start,
        cast({{ dbt.last_day('month_start', 'month') }} as date) as period_end,
        cycle_id
    from months

    union all

    select distinct
        'cycle' as period_type,
        cycle_id as period_id,
        cycle_start as period_start,
        cycle_end as period_end,
        cycle_id
    from months
)

select
    periods.period_type,
    periods.period_id,
    periods.period_start,
    periods.period_end,
    periods.cycle_id,
    data_as_of.as_of_date,
    periods.period_end < data_as_of.as_of_date as is_complete,
    case when periods.period_end < data_as_of.as_of_date then periods.period_end else data_as_of.as_of_date end
        as snapshot_date
from periods
cross join data_as_of
