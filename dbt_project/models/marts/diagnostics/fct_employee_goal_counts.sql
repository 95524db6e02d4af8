-- How many goals each employee is measured on per review cycle (their own and their team's shared goals), with
-- the goal-design flags: more than `diagnostics_too_many_goals` or fewer than `diagnostics_too_few_goals`.
select
    employee_id,
    cycle_id,
    max(team_id) as team_id,
    count(*) as goal_count,
    sum(case when scope = 'individual' then 1 else 0 end) as individual_goals,
    sum(case when scope = 'team' then 1 else 0 end) as team_goals,
    count(*) > {{ diagnostics_rule('diagnostics_too_many_goals') }} as has_too_many_goals,
    count(*) < {{ diagnostics_rule('diagnostics_too_few_goals') }} as has_too_few_goals
from {{ ref('fct_employee_goals') }}
group by employee_id, cycle_id
