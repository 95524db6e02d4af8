-- Each person's attainment per metric, goal scope and checkpoint: the mean attainment of the goals of that
-- metric they carry in the cycle (their own, or their team's shared ones), for people employed on the
-- checkpoint day, with the team they are measured with and their role family that day. The basis of peer
-- context and team-wide shifts; goals without enough data are left out.
with employee_goals as (
    select * from {{ ref('fct_employee_goals') }}
),

attainment as (
    select goal_id, checkpoint_month, checkpoint_date, attainment
    from {{ ref('fct_goal_attainment') }}
    where attainment is not null
),

people as (
    select employee_id, valid_from, valid_to, role_family from {{ ref('dim_employee') }}
)

select
    employee_goals.employee_id,
    employee_goals.cycle_id,
    attainment.checkpoint_month,
    employee_goals.team_id,
    people.role_family,
    employee_goals.scope,
    employee_goals.metric_id,
    avg(attainment.attainment) as attainment
from employee_goals
inner join attainment on attainment.goal_id = employee_goals.goal_id
inner join people
    on people.employee_id = employee_goals.employee_id
    and people.valid_from <= attainment.checkpoint_date
    and (people.valid_to is null or people.valid_to > attainment.checkpoint_date)
group by employee_goals.employee_id, employee_goals.cycle_id, attainment.checkpoint_month, employee_goals.team_id,
         people.role_family, employee_goals.scope, employee_goals.metric_id
