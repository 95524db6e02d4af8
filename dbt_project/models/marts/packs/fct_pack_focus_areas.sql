-- The 2-3 goals a person's development should focus on at each checkpoint, ranked:
--   1. largest_weighted_gap  goals below target, by weight × (1 − attainment): the attainment the shortfall costs;
--   2. worst_trend           goals whose attainment fell by at least var pack_trend_drop (0.05) over the last two
--                            checkpoints (or one, early in the cycle), steepest first;
--   3. headroom_to_stretch   otherwise, the goals with the most weighted room up to their stretch.
-- Each goal appears once, under the first reason that applies; goals without enough data are not ranked.
{%- set trend_drop = var('pack_trend_drop', 0.05) %}
{%- set max_focus_areas = var('pack_max_focus_areas', 3) %}

with employee_goals as (
    select * from {{ ref('fct_employee_goals') }}
),

goals as (
    select
        *,
        coalesce(
            lag(attainment, 2) over (partition by goal_id order by checkpoint_month),
            lag(attainment, 1) over (partition by goal_id order by checkpoint_month)
        ) as earlier_attainment,
        coalesce(
            lag(checkpoint_month, 2) over (partition by goal_id order by checkpoint_month),
            lag(checkpoint_month, 1) over (partition by goal_id order by checkpoint_month)
        ) as earlier_checkpoint_month
    from {{ ref('fct_pack_goals') }}
),

scored as (
    select
        employee_goals.employee_id,
        goals.cycle_id,
        goals.checkpoint_month,
        goals.goal_id,
        employee_goals.weight,
        goals.attainment,
        goals.earlier_checkpoint_month,
        goals.attainment - goals.earlier_attainment as trend_change,
        employee_goals.weight * (1 - goals.attainment) as weighted_gap,
        employee_goals.weight * ({{ attainment_cap('goals.expected_target', 'goals.expected_stretch', 'goals.direction') }}
                                 - goals.attainment) as weighted_headroom
    from employee_goals
    inner join goals on goals.goal_id = employee_goals.goal_id
    where goals.attainment is not null
),

reasoned as (
    select
        *,
        case
            when weighted_gap > 0 then 'largest_weighted_gap'
            when trend_change <= -{{ trend_drop }} then 'worst_trend'
            when weighted_headroom > 0 then 'headroom_to_stretch'
        end as reason,
        case
            when weighted_gap > 0 then 1
            when trend_change <= -{{ trend_drop }} then 2
            when weighted_headroom > 0 then 3
        end as reason_order,
        case
            when weighted_gap > 0 then weighted_gap
            when trend_change <= -{{ trend_drop }} then -trend_change
            else weighted_headroom
        end as reason_size
    from scored
),

ranked as (
    select
        *,
        row_number() over (
            partition by employee_id, checkpoint_month order by reason_order, reason_size desc, goal_id
        ) as focus_rank
    from reasoned
    where reason is not null
)

select
    employee_id,
    cycle_id,
    checkpoint_month,
    goal_id,
    focus_rank,
    reason,
    weight,
    attainment,
    weighted_gap,
    trend_change,
    earlier_checkpoint_month,
    weighted_headroom
from ranked
where focus_rank <= {{ max_focus_areas }}
