-- Goal attainment per goal, owner and monthly checkpoint of its cycle: the actual to date (cycle start to the
-- checkpoint) and that month's own value, set against the target in force that day. Mid-cycle, a cumulative
-- metric is judged against pace (target, threshold and stretch × elapsed share of the cycle), a rate against
-- the target itself. Attainment is direction-aware and capped at stretch; a value resting on fewer events than
-- the metric's minimum gets no attainment or band ("too little data"). Team goals are measured on the team's
-- events as a whole: every member shares the same row.
with checkpoints as (
    select * from {{ ref('int_goals__checkpoints') }}
),

metrics as (
    select metric_id, direction, aggregation, is_cumulative, min_events, unit
    from {{ ref('stg_files__metrics') }}
),

events as (
    select * from {{ ref('int_metric__events') }}
),

owned_events as (
    -- the events of each checkpoint's owner in the cycle so far
    {{ goal_events('checkpoints', 'events',
                   columns='checkpoints.goal_id, checkpoints.month_id,
        events.event_date >= checkpoints.month_start as is_in_month, events.numerator, events.denominator',
                   period_start='checkpoints.cycle_start', period_end='checkpoints.checkpoint_date',
                   snapshot_date='checkpoints.checkpoint_date') }}
),

rolled_up as (
    select
        owned_events.goal_id,
        owned_events.month_id,
        {{ metric_value('metrics.aggregation', 'owned_events.numerator', 'owned_events.denominator') }} as actual,
        sum(owned_events.numerator) as numerator,
        sum(owned_events.denominator) as denominator,
        count(*) as event_count,
        {{ metric_value('metrics.aggregation', 'case when owned_events.is_in_month then owned_events.numerator end',
                        'case when owned_events.is_in_month then owned_events.denominator end') }} as month_actual,
        sum(case when owned_events.is_in_month then 1 else 0 end) as month_event_count
    from owned_events
    inner join checkpoints
        on checkpoints.goal_id = owned_events.goal_id and checkpoints.month_id = owned_events.month_id
    inner join metrics on metrics.metric_id = checkpoints.metric_id
    group by owned_events.goal_id, owned_events.month_id, metrics.aggregation
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
        coalesce(rolled_up.event_count, 0) as event_count,
        cast(case when rolled_up.goal_id is not null then rolled_up.month_actual
            when metrics.aggregation = 'sum' then 0 end as {{ dbt.type_numeric() }}) as month_actual,
        coalesce(rolled_up.month_event_count, 0) as month_event_count,
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
