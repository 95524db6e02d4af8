-- How easy or hard a team's goals look, per team and review cycle at the cycle's standing checkpoint: over every
-- goal result of the team's members (their individual goals and the team's shared goals, each weighted as in the
-- person's overall attainment, goals with enough data only), the weight share at or above stretch (band exceeded)
-- and below threshold. Targets look too easy when `diagnostics_goal_ease_share` or more of the weight is above
-- stretch, too hard when as much is below threshold (pace-scaled while the cycle runs).
with results as (
    select employee_goals.team_id, employee_goals.cycle_id, employee_goals.employee_id, employee_goals.goal_id,
           employee_goals.scope, cast(employee_goals.weight as {{ type_double() }}) as weight, goals.band,
           goals.checkpoint_month, goals.is_cycle_complete
    from {{ ref('fct_employee_goals') }} as employee_goals
    inner join {{ ref('fct_goal_attainment') }} as goals
        on goals.goal_id = employee_goals.goal_id and goals.is_latest_checkpoint
    where goals.attainment is not null and employee_goals.team_id is not null
),

teams as (
    select
        team_id,
        cycle_id,
        max(checkpoint_month) as checkpoint_month,
        min(case when is_cycle_complete then 1 else 0 end) = 1 as is_cycle_complete,
        count(distinct employee_id) as people,
        count(distinct goal_id) as goals,
        sum(case when band = 'exceeded' then weight else 0 end) / sum(weight) as share_above_stretch,
        sum(case when band = 'below_threshold' then weight else 0 end) / sum(weight) as share_below_threshold
    from results
    group by team_id, cycle_id
)

select
    teams.*,
    share_above_stretch >= {{ diagnostics_rule('diagnostics_goal_ease_share') }} as looks_too_easy,
    share_below_threshold >= {{ diagnostics_rule('diagnostics_goal_ease_share') }} as looks_too_hard
from teams
