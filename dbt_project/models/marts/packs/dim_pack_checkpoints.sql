-- One row per review cycle and monthly checkpoint a pack can be built for: the checkpoint's day, how much of the
-- cycle has elapsed, whether the cycle is complete by then (a cycle pack) and which cycle came before (for
-- comparisons with the previous cycle).
with checkpoints as (
    select distinct cycle_id, month_id, month_start, checkpoint_date, cycle_start, cycle_end, is_cycle_complete,
                    is_latest_checkpoint, elapsed_share
    from {{ ref('int_goals__checkpoints') }}
),

cycles as (
    select
        period_id as cycle_id,
        lag(period_id) over (order by period_start) as previous_cycle_id
    from {{ ref('int_calendar__periods') }}
    where period_type = 'cycle'
)

select
    checkpoints.cycle_id,
    checkpoints.month_id as checkpoint_month,
    checkpoints.month_start,
    checkpoints.checkpoint_date,
    checkpoints.cycle_start,
    checkpoints.cycle_end,
    checkpoints.elapsed_share,
    checkpoints.is_cycle_complete,
    checkpoints.is_latest_checkpoint,
    cycles.previous_cycle_id
from checkpoints
inner join cycles on cycles.cycle_id = checkpoints.cycle_id
