-- One row per employee and review cycle at the cycle's standing checkpoint (its end, or the data as-of date while
-- it runs): where the person sat in the organisation then, their overall attainment, how far it lies from the
-- mean of their role family × department (the calibration residual), their band among role peers and for how
-- many consecutive cycles they have held it, and - when ratings were imported - their rating against the rating
-- the org-wide evidence predicts.
with attainment as (
    select * from {{ ref('fct_employee_attainment') }} where is_latest_checkpoint
),

cycles as (
    select period_id as cycle_id, row_number() over (order by period_start) as cycle_index
    from {{ ref('int_calendar__periods') }}
    where period_type = 'cycle'
),

jobs as (
    -- the job held on the checkpoint day, or the last one for someone who left before it
    select attainment.employee_id, attainment.cycle_id, employees.team_id, employees.manager_id,
           employees.department, employees.role_family, employees.job_level, employees.region,
           row_number() over (partition by attainment.employee_id, attainment.cycle_id
                              order by employees.valid_from desc) as recency
    from attainment
    inner join {{ ref('dim_employee') }} as employees
        on employees.employee_id = attainment.employee_id and employees.valid_from <= attainment.checkpoint_date
),

threshold_levels as (
    -- the attainment a person needs to reach the threshold of every goal: weight-averaged threshold ÷ target
    -- (target ÷ threshold when lower is better), over the goals with enough data
    select employee_goals.employee_id, employee_goals.cycle_id,
           sum(employee_goals.weight * case when goals.direction = 'lower'
                                            then goals.target / nullif(goals.threshold, 0)
                                            else goals.threshold / nullif(goals.target, 0) end)
               / nullif(sum(employee_goals.weight), 0) as threshold_level
    from {{ ref('fct_employee_goals') }} as employee_goals
    inner join {{ ref('fct_goal_attainment') }} as goals
        on goals.goal_id = employee_goals.goal_id and goals.is_latest_checkpoint
    where goals.attainment is not null
    group by employee_goals.employee_id, employee_goals.cycle_id
),

people as (
    select
        attainment.employee_id,
        attainment.cycle_id,
        cycles.cycle_index,
        attainment.checkpoint_month,
        attainment.checkpoint_date,
        attainment.is_cycle_complete,
        jobs.team_id,
        jobs.manager_id,
        jobs.department,
        jobs.role_family,
        jobs.job_level,
        jobs.region,
        attainment.goal_count,
        attainment.weight_with_data >= attainment.total_weight as has_complete_evidence,
        cast(attainment.overall_attainment as {{ type_double() }}) as overall_attainment,
        cast(threshold_levels.threshold_level as {{ type_double() }}) as threshold_level
    from attainment
    inner join cycles on cycles.cycle_id = attainment.cycle_id
    inner join jobs
        on jobs.employee_id = attainment.employee_id and jobs.cycle_id = attainment.cycle_id and jobs.recency = 1
    left join threshold_levels
        on threshold_levels.employee_id = attainment.employee_id and threshold_levels.cycle_id = attainment.cycle_id
),

mixed as (
    select
        people.*,
        {{ exact_avg('overall_attainment', 'over (partition by cycle_id, role_family, department)') }} as mix_mean
    from people
),

placed as (
    select
        mixed.*,
        overall_attainment - mix_mean as residual,
        count(overall_attainment) over (partition by cycle_id, role_family) as role_peers,
        case when overall_attainment is not null then
            percent_rank() over (partition by cycle_id, role_family, overall_attainment is null
                                 order by overall_attainment desc) end as rank_from_top,
        case when overall_attainment is not null then
            percent_rank() over (partition by cycle_id, role_family, overall_attainment is null
                                 order by overall_attainment) end as rank_from_bottom
    from mixed
),

banded as (
    select
        placed.*,
        case
            when role_peers < {{ diagnostics_rule('diagnostics_band_min_peers') }} or overall_attainment is null
                then null
            when rank_from_top <= {{ diagnostics_rule('diagnostics_band_share') }} then 'top'
            when rank_from_bottom <= {{ diagnostics_rule('diagnostics_band_share') }} then 'bottom'
            else 'middle'
        end as peer_band
    from placed
),

streaks as (
    -- consecutive cycles in the same band: rows of one unbroken run share cycle_index - their position in the band
    select employee_id, cycle_id,
           row_number() over (partition by employee_id, peer_band, run order by cycle_index) as band_streak
    from (
        select employee_id, cycle_id, cycle_index, peer_band,
               cycle_index - row_number() over (partition by employee_id, peer_band order by cycle_index) as run
        from banded
        where peer_band is not null
    ) as runs
),

ratings as (
    select ratings.employee_id, ratings.review_cycle as cycle_id, ratings.manager_id as rated_by,
           cast(ratings.rating as {{ type_double() }}) as rating
    from {{ ref('stg_files__ratings') }} as ratings
),

rated as (
    select banded.employee_id, banded.cycle_id, ratings.rated_by, ratings.rating,
           regr_intercept(ratings.rating, banded.overall_attainment) over (partition by banded.cycle_id)
               + regr_slope(ratings.rating, banded.overall_attainment) over (partition by banded.cycle_id)
               * banded.overall_attainment as expected_rating
    from banded
    inner join ratings on ratings.employee_id = banded.employee_id and ratings.cycle_id = banded.cycle_id
    where banded.overall_attainment is not null
)

select
    banded.employee_id,
    banded.cycle_id,
    banded.cycle_index,
    banded.checkpoint_month,
    banded.checkpoint_date,
    banded.is_cycle_complete,
    banded.team_id,
    banded.manager_id,
    banded.department,
    banded.role_family,
    banded.job_level,
    banded.region,
    banded.goal_count,
    banded.has_complete_evidence,
    banded.overall_attainment,
    banded.threshold_level,
    banded.overall_attainment < banded.threshold_level as is_below_threshold,
    banded.mix_mean,
    banded.residual,
    banded.role_peers,
    banded.peer_band,
    streaks.band_streak,
    rated.rated_by,
    rated.rating,
    rated.expected_rating,
    rated.rating - rated.expected_rating as rating_residual
from banded
left join streaks on streaks.employee_id = banded.employee_id and streaks.cycle_id = banded.cycle_id
left join rated on rated.employee_id = banded.employee_id and rated.cycle_id = banded.cycle_id
