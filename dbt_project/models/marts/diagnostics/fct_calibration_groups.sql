-- Calibration signals per review cycle and group of people: each team, each manager (their direct reports),
-- each department and each role family. For every group: its size, mean attainment and spread, the mean
-- calibration residual (attainment minus the mean of the person's role family × department) with a 95%
-- t-interval, and the flags the report calls out:
--   residual_flag  +1 / -1 when the whole interval lies beyond ±`diagnostics_material_effect` (it excludes zero and
--                  the effect is material, with 95% confidence: the false-positive rule);
--   is_wide_spread (managers with 5+ reports) when the standard deviation of their people's residuals (spread not
--                  explained by role and department) is at least `diagnostics_spread_ratio` times the median of the
--                  department's managers with 5+ reports (3 or more of them: spread differs by kind of work);
--   is_most_missing when most members (`diagnostics_role_miss_share`) are below the threshold of their goals.
with people as (
    select * from {{ ref('fct_diagnostic_people') }} where overall_attainment is not null
),

memberships as (
    {%- for group_type, group_column in [('team', 'team_id'), ('manager', 'manager_id'),
                                         ('department', 'department'), ('role_family', 'role_family')] %}
    select '{{ group_type }}' as group_type, {{ group_column }} as group_id, people.*
    from people
    where {{ group_column }} is not null
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

groups as (
    select
        group_type,
        group_id,
        cycle_id,
        max(checkpoint_month) as checkpoint_month,
        min(department) as department,
        min(case when is_cycle_complete then 1 else 0 end) = 1 as is_cycle_complete,
        count(*) as people,
        {{ exact_avg('overall_attainment') }} as mean_attainment,
        {{ exact_stddev_samp('overall_attainment') }} as attainment_spread,
        {{ exact_stddev_samp('residual') }} as residual_spread,
        avg(case when is_below_threshold then 1.0 else 0.0 end) as share_below_threshold,
        {{ interval_columns('residual', 'residual') }}
    from memberships
    group by group_type, group_id, cycle_id
),

typical_spread as (
    select group_type, cycle_id, department, {{ median('residual_spread') }} as median_residual_spread
    from groups
    where group_type = 'manager' and people >= 5
    group by group_type, cycle_id, department
    having count(*) >= 3
)

select
    groups.*,
    {{ interval_flag('residual', diagnostics_rule('diagnostics_material_effect')) }} as residual_flag,
    typical_spread.median_residual_spread,
    coalesce(groups.group_type = 'manager' and groups.people >= 5
        and groups.residual_spread
            >= {{ diagnostics_rule('diagnostics_spread_ratio') }} * typical_spread.median_residual_spread, false)
        as is_wide_spread,
    groups.share_below_threshold >= {{ diagnostics_rule('diagnostics_role_miss_share') }} as is_most_missing
from groups
left join typical_spread
    on typical_spread.group_type = groups.group_type and typical_spread.cycle_id = groups.cycle_id
    and typical_spread.department = groups.department
