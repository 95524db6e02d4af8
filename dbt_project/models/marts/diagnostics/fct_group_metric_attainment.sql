-- Goal attainment per review cycle, group of people (team, department) and metric at the cycle's standing
-- checkpoint: the mean capped attainment of the goal results of the group's members on that metric (a shared team
-- goal counts once per member), and how many people and results it rests on. Behind the department × metric
-- heatmap and the per-team radar across metric families.
with results as (
    select people.cycle_id, people.employee_id, people.team_id, people.department, goals.metric_id,
           metrics.family, cast(goals.attainment as {{ type_double() }}) as attainment
    from {{ ref('fct_diagnostic_people') }} as people
    inner join {{ ref('fct_employee_goals') }} as employee_goals
        on employee_goals.employee_id = people.employee_id and employee_goals.cycle_id = people.cycle_id
    inner join {{ ref('fct_goal_attainment') }} as goals
        on goals.goal_id = employee_goals.goal_id and goals.is_latest_checkpoint
    inner join {{ ref('stg_files__metrics') }} as metrics on metrics.metric_id = goals.metric_id
    where goals.attainment is not null
),

memberships as (
    select 'team' as group_type, team_id as group_id, results.* from results where team_id is not null
    union all
    select 'department', department, results.* from results where department is not null
)

select group_type, group_id, cycle_id, family, metric_id, count(distinct employee_id) as people,
       count(*) as goal_results, {{ exact_avg('attainment') }} as mean_attainment
from memberships
group by group_type, group_id, cycle_id, family, metric_id
