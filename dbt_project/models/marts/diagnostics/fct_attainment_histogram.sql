-- Histogram of overall attainment per review cycle for the org and each department: people per 10-point bin from
-- 0% to 150% (the top bin also holds anything above), every bin present (zero when empty).
with people as (
    select * from {{ ref('fct_diagnostic_people') }} where overall_attainment is not null
),

memberships as (
    select 'org' as group_type, 'org' as group_id, cycle_id,
           least(greatest(floor(overall_attainment * 10), 0), 14) as bin_index
    from people
    union all
    select 'department', department, cycle_id, least(greatest(floor(overall_attainment * 10), 0), 14)
    from people
    where department is not null
),

bins as (
    {%- for bin_index in range(15) %}
    select {{ bin_index }} as bin_index {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

groups as (
    select distinct group_type, group_id, cycle_id from memberships
)

select groups.group_type, groups.group_id, groups.cycle_id, bins.bin_index,
       bins.bin_index / 10.0 as bin_start, (bins.bin_index + 1) / 10.0 as bin_end,
       count(memberships.bin_index) as people
from groups
cross join bins
left join memberships
    on memberships.group_type = groups.group_type and memberships.group_id = groups.group_id
    and memberships.cycle_id = groups.cycle_id and memberships.bin_index = bins.bin_index
group by groups.group_type, groups.group_id, groups.cycle_id, bins.bin_index
