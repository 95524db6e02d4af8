-- The distribution of overall attainment per review cycle for the org, each department and each team, ready for a
-- box plot: size, mean, quartiles, and Tukey whiskers (the most extreme values within 1.5 × the interquartile
-- range of the quartiles), with min and max.
with people as (
    select * from {{ ref('fct_diagnostic_people') }} where overall_attainment is not null
),

memberships as (
    {%- for group_type, group_column in [('org', "'org'"), ('department', 'department'), ('team', 'team_id')] %}
    select '{{ group_type }}' as group_type, {{ group_column }} as group_id, cycle_id, overall_attainment
    from people
    where {{ group_column }} is not null
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

quartiles as (
    select group_type, group_id, cycle_id, count(*) as people, avg(overall_attainment) as mean_attainment,
           min(overall_attainment) as min_attainment, max(overall_attainment) as max_attainment,
           {{ percentile('overall_attainment', 0.25) }} as p25,
           {{ percentile('overall_attainment', 0.5) }} as median,
           {{ percentile('overall_attainment', 0.75) }} as p75
    from memberships
    group by group_type, group_id, cycle_id
),

whiskers as (
    select quartiles.group_type, quartiles.group_id, quartiles.cycle_id,
           min(memberships.overall_attainment) as whisker_low, max(memberships.overall_attainment) as whisker_high
    from quartiles
    inner join memberships
        on memberships.group_type = quartiles.group_type and memberships.group_id = quartiles.group_id
        and memberships.cycle_id = quartiles.cycle_id
        and memberships.overall_attainment between quartiles.p25 - 1.5 * (quartiles.p75 - quartiles.p25)
                                               and quartiles.p75 + 1.5 * (quartiles.p75 - quartiles.p25)
    group by quartiles.group_type, quartiles.group_id, quartiles.cycle_id
)

select quartiles.*, whiskers.whisker_low, whiskers.whisker_high
from quartiles
inner join whiskers
    on whiskers.group_type = quartiles.group_type and whiskers.group_id = quartiles.group_id
    and whiskers.cycle_id = quartiles.cycle_id
