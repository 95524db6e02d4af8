-- Goal-design issues, one row per goal, cycle and issue:
--   no_parent          a team or individual goal not linked to a parent goal (it does not cascade from the company);
--   team_metric_split  an individual goal on a metric the library measures per team (a shared result split into
--                      individual pieces);
--   mid_cycle_change   a goal field changed after the cycle started (one row per changed field, old and new value).
with goals as (
    select * from {{ ref('dim_goals') }}
),

metrics as (
    select metric_id, grain from {{ ref('stg_files__metrics') }}
)

select goal_id, cycle as cycle_id, owner_type, owner_id, metric_id, 'no_parent' as issue,
       'parent_goal_id' as field, cast(null as date) as changed_on,
       cast(null as {{ dbt.type_string() }}) as old_value, cast(null as {{ dbt.type_string() }}) as new_value
from goals
where level in ('team', 'individual') and parent_goal_id is null

union all

select goals.goal_id, goals.cycle, goals.owner_type, goals.owner_id, goals.metric_id, 'team_metric_split',
       'metric_id', null, null, null
from goals
inner join metrics on metrics.metric_id = goals.metric_id
where goals.owner_type = 'employee' and metrics.grain = 'team'

union all

select changes.goal_id, changes.cycle, goals.owner_type, goals.owner_id, goals.metric_id, 'mid_cycle_change',
       changes.field, changes.changed_on, changes.old_value, changes.new_value
from {{ ref('fct_goal_changes') }} as changes
inner join goals on goals.goal_id = changes.goal_id
