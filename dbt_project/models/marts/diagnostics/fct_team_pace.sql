-- Early warning per team while a review cycle runs: at each monthly checkpoint of a cycle not yet complete, the
-- team's shared goals by status (on pace: cumulative metrics judged against target × elapsed share). A team is
-- behind pace when `diagnostics_pace_off_track_share` or more of its shared goals' weight (goals with enough data)
-- is off track.
with team_goals as (
    select * from {{ ref('fct_goal_attainment') }}
    where owner_type = 'team' and not is_cycle_complete
)

select
    owner_id as team_id,
    cycle_id,
    checkpoint_month,
    {{ dbt.bool_or('is_latest_checkpoint') }} as is_latest_checkpoint,
    count(*) as goals,
    sum(case when status = 'off_track' then 1 else 0 end) as goals_off_track,
    sum(case when status = 'at_risk' then 1 else 0 end) as goals_at_risk,
    avg(attainment) as mean_attainment,
    sum(case when status = 'off_track' then weight else 0 end)
        / nullif(sum(case when status <> 'insufficient_data' then weight end), 0) as share_off_track,
    coalesce(sum(case when status = 'off_track' then weight else 0 end)
        / nullif(sum(case when status <> 'insufficient_data' then weight end), 0)
        >= {{ diagnostics_rule('diagnostics_pace_off_track_share') }}, false) as is_behind_pace
from team_goals
group by owner_id, cycle_id, checkpoint_month
