-- The records behind every personal and team goal's actual: one row per goal version and metric event that counts for it, matched
-- exactly as fct_goal_attainment matches them (macro goal_events), over the cycle up to the version's last
-- checkpoint. The records behind a checkpoint's number are those of the version in force that day
-- (fct_goal_attainment.version_valid_from) dated on or before the checkpoint day, and of a period-end count
-- (is_period_end_snapshot) only those dated on the checkpoint day. Only the columns the packs read are written
-- (24 million rows at 10,000 employees): the cycle and metric are the goal version's, the event id is
-- `source_system:record_id` (a period-end count's with `@event_date`).
with checkpoints as (
    select * from {{ ref('int_goals__checkpoints') }}
),

goal_versions as (
    select
        goal_id, cycle_id, version_valid_from, owner_type, owner_id, metric_id, filter_source, filter_project,
        filter_region, filter_product_line, filter_channel, cycle_start,
        max(checkpoint_date) as last_checkpoint_date
    from checkpoints
    where owner_type in ('employee', 'team')  -- the goals packs show; company and department goals are not theirs
    group by goal_id, cycle_id, version_valid_from, owner_type, owner_id, metric_id, filter_source, filter_project,
             filter_region, filter_product_line, filter_channel, cycle_start
)

{{ goal_events('goal_versions', ref('int_metric__events'),
               columns='goal_versions.goal_id, goal_versions.version_valid_from,
        events.source_system, events.record_id, events.record_label,
        events.event_date, events.numerator, events.denominator, events.is_period_end_snapshot',
               period_start='goal_versions.cycle_start', period_end='goal_versions.last_checkpoint_date',
               owner_types=['employee', 'team']) }}
