-- A pack's scorecard line: goal × checkpoint with its attainment (fct_goal_attainment), the metric's definition
-- from the library, and the next level — how far the actual is from the target and from stretch in the metric's
-- own unit, direction-aware, against the same pace-scaled values the band uses (0 once reached).
with attainment as (
    select * from {{ ref('fct_goal_attainment') }}
),

metrics as (
    select metric_id, family, aggregation, is_cumulative, source, definition, min_events
    from {{ ref('stg_files__metrics') }}
),

checkpoints as (
    select cycle_id, checkpoint_month, cycle_start, cycle_end from {{ ref('dim_pack_checkpoints') }}
)

select
    attainment.goal_id,
    attainment.cycle_id,
    attainment.checkpoint_month,
    attainment.checkpoint_date,
    checkpoints.cycle_start,
    checkpoints.cycle_end,
    attainment.is_latest_checkpoint,
    attainment.is_cycle_complete,
    attainment.version_valid_from,
    attainment.title,
    attainment.level,
    attainment.owner_type,
    attainment.owner_id,
    attainment.parent_goal_id,
    attainment.metric_id,
    metrics.family as metric_family,
    attainment.unit,
    attainment.direction,
    metrics.aggregation,
    metrics.is_cumulative,
    metrics.source as metric_source,
    metrics.definition as metric_definition,
    metrics.min_events,
    attainment.filter_source,
    attainment.filter_project,
    attainment.filter_region,
    attainment.filter_product_line,
    attainment.filter_channel,
    attainment.weight,
    attainment.target,
    attainment.threshold,
    attainment.stretch,
    attainment.pace_share,
    attainment.expected_target,
    attainment.expected_stretch,
    attainment.actual,
    attainment.numerator,
    attainment.denominator,
    attainment.event_count,
    attainment.month_actual,
    attainment.has_enough_data,
    attainment.attainment,
    attainment.band,
    attainment.status,
    {{ gap_to_reach('attainment.actual', 'attainment.expected_target', 'attainment.direction') }} as gap_to_target,
    {{ gap_to_reach('attainment.actual', 'attainment.expected_stretch', 'attainment.direction') }} as gap_to_stretch
from attainment
inner join metrics on metrics.metric_id = attainment.metric_id
inner join checkpoints
    on checkpoints.cycle_id = attainment.cycle_id and checkpoints.checkpoint_month = attainment.checkpoint_month
