-- The goals each employee is measured on in a review cycle: their own individual goals and the shared goals of
-- the team they belonged to at the end of the cycle (or when they left, or at the data as-of date while the
-- cycle runs). A team goal is shared, never split: every member carries the whole goal with its weight.
with cycles as (
    select distinct cycle_id, cycle_start, cycle_end from {{ ref('int_calendar__months') }}
),

data_as_of as (
    select as_of_date from {{ ref('int_calendar__data_as_of') }}
),

goals as (
    select * from {{ ref('dim_goals') }}
),

memberships as (
    -- each employee's last job record within each cycle they worked in
    select
        history.employee_id,
        cycles.cycle_id,
        history.team_id,
        row_number() over (
            partition by history.employee_id, cycles.cycle_id order by history.valid_from desc
        ) as recency
    from {{ ref('int_org__employee_history') }} as history
    inner join cycles
        on history.valid_from <= cycles.cycle_end
        and (history.valid_to is null or history.valid_to > cycles.cycle_start)
    cross join data_as_of
    where history.valid_from <= data_as_of.as_of_date
),

cycle_teams as (
    select employee_id, cycle_id, team_id from memberships where recency = 1
),

assigned as (
    select cycle_teams.employee_id, cycle_teams.team_id, goals.goal_id, goals.cycle as cycle_id, 'individual' as scope
    from goals
    inner join cycle_teams
        on goals.owner_type = 'employee'
        and goals.owner_id = cycle_teams.employee_id
        and goals.cycle = cycle_teams.cycle_id

    union all

    select cycle_teams.employee_id, cycle_teams.team_id, goals.goal_id, goals.cycle as cycle_id, 'team' as scope
    from goals
    inner join cycle_teams
        on goals.owner_type = 'team'
        and goals.owner_id = cycle_teams.team_id
        and goals.cycle = cycle_teams.cycle_id
)

select
    assigned.employee_id,
    assigned.cycle_id,
    assigned.goal_id,
    assigned.scope,
    assigned.team_id,
    goals.title,
    goals.metric_id,
    goals.weight
from assigned
inner join goals on goals.goal_id = assigned.goal_id
