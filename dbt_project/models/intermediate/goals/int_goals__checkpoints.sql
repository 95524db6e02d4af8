-- One row per goal and monthly checkpoint of its review cycle, up to the data as-of date: the checkpoint's
-- day (month end, or the as-of date while the month runs), how much of the cycle has elapsed by then, and
-- the goal version in force that day (target, owner, metric, filters). A goal's first version also covers
-- the days of its cycle before it was set (a person hired mid-cycle is measured from the cycle start).
with versions as (
    select
        *,
        row_number() over (partition by goal_id order by valid_from) = 1 as is_first_version
    from {{ ref('int_goals__versions') }}
),

months as (
    select * from {{ ref('int_calendar__months') }}
),

data_as_of as (
    select as_of_date from {{ ref('int_calendar__data_as_of') }}
),

checkpoints as (
    select
        months.cycle_id,
        months.month_id,
        months.month_start,
        months.cycle_start,
        months.cycle_end,
        case when cast({{ dbt.last_day('months.month_start', 'month') }} as date) < data_as_of.as_of_date
            then cast({{ dbt.last_day('months.month_start', 'month') }} as date)
            else data_as_of.as_of_date
        end as checkpoint_date,
        months.month_start = max(months.month_start) over (partition by versions.goal_id)
            as is_latest_checkpoint,
        versions.*
    from versions
    inner join months on months.cycle_id = versions.cycle
    cross join data_as_of
)

select
    goal_id,
    cycle_id,
    month_id,
    month_start,
    checkpoint_date,
    cycle_start,
    cycle_end,
    checkpoint_date >= cycle_end as is_cycle_complete,
    is_latest_checkpoint,
    cast(({{ dbt.datediff('cycle_start', 'checkpoint_date', 'day') }} + 1)
         / cast({{ dbt.datediff('cycle_start', 'cycle_end', 'day') }} + 1 as {{ type_double() }})
         as {{ type_double() }}) as elapsed_share,
    valid_from as version_valid_from,
    title,
    level,
    owner_type,
    owner_id,
    parent_goal_id,
    metric_id,
    filter_source,
    filter_project,
    filter_region,
    filter_product_line,
    filter_channel,
    target,
    threshold,
    stretch,
    weight
from checkpoints
where (is_first_version or valid_from <= checkpoint_date)
    and (valid_to is null or valid_to > checkpoint_date)
