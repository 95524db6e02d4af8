-- Goal attainment per goal, owner and monthly checkpoint of its cycle: the actual to date (cycle start to the
-- checkpoint) and that month's own value, set against the target in force that day. Mid-cycle, a cumulative
-- metric is judged against pace (target, threshold and stretch × elapsed share of the cycle), a rate against
-- the target itself. Attainment is direction-aware and capped at stretch; a value resting on fewer events than
-- the metric's minimum gets no attainment or band ("too little data"). Team goals are measured on the team's
-- events as a whole: every member shares the same row. Events are read as their owners' monthly totals
-- (int_metric__owner_months): a checkpoint adds up the months of its cycle so far.
with checkpoints as (
    select * from {{ ref('int_goals__checkpoints') }}
),

metrics as (
    select metric_id, direction, aggregation, is_cumulative, min_events, unit
    from {{ ref('stg_files__metrics') }}
),

owned_months as (
    -- the monthly totals of each checkpoint's owner, metric and filters in the cycle so far (a company goal's
    -- owner is the company whatever id the goal file gives it). Both sides are read as models, not CTEs, so
    -- PostgreSQL plans the join from their statistics.
    select
        checkpoints.goal_id,
        checkpoints.month_id,
        metrics.aggregation,
        owner_months.month_id = checkpoints.month_id as is_in_month,
        owner_months.numerator,
        owner_months.denominator,
        owner_months.event_count
    from {{ ref('int_goals__checkpoints') }} as checkpoints
    inner join metrics on metrics.metric_id = checkpoints.metric_id
    inner join {{ ref('int_metric__owner_months') }} as owner_months
        on owner_months.metric_id = checkpoints.metric_id
        and owner_months.owner_type = checkpoints.owner_type
        and owner_months.owner_id = case when checkpoints.owner_type = 'company' then 'company'
                                         else checkpoints.owner_id end
        -- the months below are the cycle's: matching it too leaves the join the owner's months of this cycle only
        and owner_months.cycle_id = checkpoints.cycle_id
        and owner_months.month_start >= checkpoints.cycle_start
        and owner_months.month_start <= checkpoints.month_start
    where {{ goal_filters_match('checkpoints', 'owner_months') }}
        -- up to the checkpoint day: of a running month, only what happened by the data as-of date
        and (owner_months.month_start < checkpoints.month_start or not owner_months.is_after_as_of_date)
        -- a period-end count is taken on the checkpoint day only
        and (not owner_months.is_period_end_snapshot or owner_months.snapshot_date = checkpoints.checkpoint_date)
),

rolled_up as (
    select
        goal_id,
        month_id,
        {{ metric_value('aggregation', 'numerator', 'denominator') }} as actual,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        sum(event_count) as event_count,
        {{ metric_value('aggregation', 'case when is_in_month then numerator end',
                        'case when is_in_month then denominator end') }} as month_actual,
        sum(case when is_in_month then event_count else 0 end) as month_event_count
    from owned_months
    group by goal_id, month_id, aggregation
),

measured as (
    select
        checkpoints.*,
        metrics.direction,
        metrics.unit,
        metrics.is_cumulative,
        metrics.min_events,
        -- no events at all: a sum is 0, a ratio or median has no value
        cast(case when rolled_up.goal_id is not null then rolled_up.actual
            when metrics.aggregation = 'sum' then 0 end as {{ dbt.type_numeric() }}) as actual,
        rolled_up.numerator,
        rolled_up.denominator,
        cast(coalesce(rolled_up.event_count, 0) as {{ dbt.type_bigint() }}) as event_count,
        cast(case when rolled_up.goal_id is not null then rolled_up.month_actual
            when metrics.aggregation = 'sum' then 0 end as {{ dbt.type_numeric() }}) as month_actual,
        cast(coalesce(rolled_up.month_event_count, 0) as {{ dbt.type_bigint() }}) as month_event_count,
        case when metrics.is_cumulative and not checkpoints.is_cycle_complete
            then checkpoints.elapsed_share else 1.0 end as pace_share
    from checkpoints
    inner join metrics on metrics.metric_id = checkpoints.metric_id
    left join rolled_up
        on rolled_up.goal_id = checkpoints.goal_id and rolled_up.month_id = checkpoints.month_id
),

judged as (
    select
        *,
        event_count >= min_events and actual is not null as has_enough_data,
        target * pace_share as expected_target,
        threshold * pace_share as expected_threshold,
        stretch * pace_share as expected_stretch
    from measured
)

select
    goal_id,
    cycle_id,
    month_id as checkpoint_month,
    checkpoint_date,
    is_latest_checkpoint,
    is_cycle_complete,
    title,
    level,
    owner_type,
    owner_id,
    parent_goal_id,
    metric_id,
    unit,
    direction,
    filter_source,
    filter_project,
    filter_region,
    filter_product_line,
    filter_channel,
    version_valid_from,
    weight,
    target,
    threshold,
    stretch,
    elapsed_share,
    pace_share,
    expected_target,
    expected_threshold,
    expected_stretch,
    actual,
    numerator,
    denominator,
    event_count,
    month_actual,
    month_event_count,
    has_enough_data,
    case when has_enough_data then
        {{ goal_attainment('actual', 'expected_target', 'expected_stretch', 'direction') }}
    end as attainment,
    case when has_enough_data then
        {{ goal_band('actual', 'expected_threshold', 'expected_target', 'expected_stretch', 'direction') }}
    end as band,
    {{ goal_status("case when has_enough_data then " ~ goal_band('actual', 'expected_threshold', 'expected_target',
                                                                  'expected_stretch', 'direction') ~ " end",
                   'is_cycle_complete') }} as status
from judged
