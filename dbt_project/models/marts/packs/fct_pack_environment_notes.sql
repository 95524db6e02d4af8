-- Team-wide shifts: per checkpoint, team, metric and goal scope, how many members' attainment moved by at least
-- var pack_shift_points (0.10) since the previous cycle's end, and which way. A row is kept when at least
-- var pack_min_group_size (5) members can be compared and at least var pack_shift_share (0.7) of them moved the
-- same way: the change then points to the environment (targets, workload, market) rather than to one person.
{%- set min_group_size = var('pack_min_group_size', 5) %}
{%- set shift_points = var('pack_shift_points', 0.10) %}
{%- set shift_share = var('pack_shift_share', 0.7) %}

with person_attainment as (
    select * from {{ ref('int_packs__person_metric_attainment') }}
),

checkpoints as (
    select * from {{ ref('dim_pack_checkpoints') }}
),

previous_final as (
    -- each person's attainment at the end of each finished cycle
    select person_attainment.*
    from person_attainment
    inner join checkpoints
        on checkpoints.cycle_id = person_attainment.cycle_id
        and checkpoints.checkpoint_month = person_attainment.checkpoint_month
    where checkpoints.is_cycle_complete
),

changes as (
    select
        current_attainment.cycle_id,
        current_attainment.checkpoint_month,
        checkpoints.previous_cycle_id,
        current_attainment.team_id,
        current_attainment.scope,
        current_attainment.metric_id,
        current_attainment.attainment - previous_final.attainment as change
    from person_attainment as current_attainment
    inner join checkpoints
        on checkpoints.cycle_id = current_attainment.cycle_id
        and checkpoints.checkpoint_month = current_attainment.checkpoint_month
    inner join previous_final
        on previous_final.cycle_id = checkpoints.previous_cycle_id
        and previous_final.employee_id = current_attainment.employee_id
        and previous_final.scope = current_attainment.scope
        and previous_final.metric_id = current_attainment.metric_id
),

team_changes as (
    select
        cycle_id,
        checkpoint_month,
        previous_cycle_id,
        team_id,
        scope,
        metric_id,
        count(*) as members_compared,
        sum(case when change >= {{ shift_points }} then 1 else 0 end) as members_up,
        sum(case when change <= -{{ shift_points }} then 1 else 0 end) as members_down,
        {{ median('change') }} as median_change
    from changes
    group by cycle_id, checkpoint_month, previous_cycle_id, team_id, scope, metric_id
)

select
    cycle_id,
    checkpoint_month,
    previous_cycle_id,
    team_id,
    scope,
    metric_id,
    members_compared,
    case when members_up >= members_down then 'up' else 'down' end as shift_direction,
    cast(case when members_up >= members_down then members_up else members_down end as {{ dbt.type_int() }})
        as members_moved,
    median_change
from team_changes
where members_compared >= {{ min_group_size }}
    and greatest(members_up, members_down) >= {{ shift_share }} * members_compared
