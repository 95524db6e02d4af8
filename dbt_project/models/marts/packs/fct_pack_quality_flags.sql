-- What a pack's reader should know about the data behind each goal at each checkpoint, one row per flag:
--   too_little_data       the value rests on fewer events than the metric's minimum (or has none);
--   missing_months        finished months of the cycle in which the goal had no events at all (not flagged for
--                         lower-is-better counts, where an empty month is good news);
--   stale_source          a system the goal's metric draws on lags the checkpoint (fct_pack_source_status);
--   unattributed_records  records of such a system in the cycle so far that no one could be credited with
--                         (unmatched accounts): they count for the company, not for any person or team.
with goals as (
    select * from {{ ref('fct_pack_goals') }}
),

events as (
    select * from {{ ref('int_metric__events') }}
),

checkpoints as (
    select * from {{ ref('dim_pack_checkpoints') }}
),

metric_sources as (
    -- the company's monthly totals hold every source of every metric, in a few rows: the events are read once, below
    select distinct metric_id, source_system
    from {{ ref('int_metric__owner_months') }}
    where owner_type = 'company'
),

goal_sources as (
    select goals.goal_id, goals.cycle_id, goals.checkpoint_month, metric_sources.source_system
    from goals
    inner join metric_sources on metric_sources.metric_id = goals.metric_id
    where goals.filter_source is null or goals.filter_source = metric_sources.source_system
),

unattributed as (
    select
        checkpoints.cycle_id,
        checkpoints.checkpoint_month,
        events.source_system,
        count(distinct events.record_id) as unattributed_records
    from events
    inner join checkpoints
        on events.event_date >= checkpoints.cycle_start and events.event_date <= checkpoints.checkpoint_date
    where events.employee_id is null and events.team_id is null
    group by checkpoints.cycle_id, checkpoints.checkpoint_month, events.source_system
),

empty_months as (
    -- each finished month of the cycle so far with no events for the goal
    select
        goals.goal_id,
        goals.checkpoint_month,
        count(*) as missing_month_count,
        {{ dbt.listagg('earlier.checkpoint_month', "', '", 'order by earlier.checkpoint_month') }} as missing_months
    from goals
    inner join {{ ref('fct_goal_attainment') }} as earlier
        on earlier.goal_id = goals.goal_id and earlier.checkpoint_month <= goals.checkpoint_month
    inner join checkpoints
        on checkpoints.cycle_id = earlier.cycle_id and checkpoints.checkpoint_month = earlier.checkpoint_month
    where earlier.month_event_count = 0
        and checkpoints.checkpoint_date = cast({{ dbt.last_day('checkpoints.month_start', 'month') }} as date)
        and not (goals.direction = 'lower' and goals.aggregation = 'sum')
    group by goals.goal_id, goals.checkpoint_month
),

flags as (
    select
        goal_id, cycle_id, checkpoint_month, 'too_little_data' as kind,
        cast(null as {{ dbt.type_string() }}) as source_system, event_count, min_events,
        cast(null as {{ dbt.type_string() }}) as missing_months, cast(null as {{ dbt.type_int() }}) as missing_month_count,
        cast(null as {{ dbt.type_int() }}) as unattributed_records, cast(null as date) as source_as_of_date,
        cast(null as {{ dbt.type_int() }}) as days_behind
    from goals
    where not has_enough_data

    union all

    select
        goals.goal_id, goals.cycle_id, goals.checkpoint_month, 'missing_months', null, goals.event_count,
        goals.min_events, empty_months.missing_months, empty_months.missing_month_count, null, null, null
    from goals
    inner join empty_months
        on empty_months.goal_id = goals.goal_id and empty_months.checkpoint_month = goals.checkpoint_month

    union all

    select
        goal_sources.goal_id, goal_sources.cycle_id, goal_sources.checkpoint_month, 'stale_source',
        goal_sources.source_system, null, null, null, null, null, status.as_of_date, status.days_behind
    from goal_sources
    inner join {{ ref('fct_pack_source_status') }} as status
        on status.checkpoint_month = goal_sources.checkpoint_month
        and status.source_system = goal_sources.source_system
    where status.is_stale

    union all

    select
        goal_sources.goal_id, goal_sources.cycle_id, goal_sources.checkpoint_month, 'unattributed_records',
        goal_sources.source_system, null, null, null, null, unattributed.unattributed_records, null, null
    from goal_sources
    inner join unattributed
        on unattributed.checkpoint_month = goal_sources.checkpoint_month
        and unattributed.source_system = goal_sources.source_system
)

select
    goal_id,
    cycle_id,
    checkpoint_month,
    kind,
    source_system,
    event_count,
    min_events,
    missing_months,
    missing_month_count,
    unattributed_records,
    source_as_of_date,
    days_behind
from flags
