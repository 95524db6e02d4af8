-- One row per goal: the version in force on the last day of its cycle (for a cycle in progress, the latest
-- version), with how many versions the goal has had.
with versions as (
    select
        *,
        {{ review_cycle_end('cycle') }} as cycle_end
    from {{ ref('int_goals__versions') }}
),

ranked as (
    select
        *,
        count(*) over (partition by goal_id) as version_count,
        row_number() over (
            partition by goal_id
            order by case when valid_from <= cycle_end then 0 else 1 end, valid_from desc
        ) as cycle_end_rank,
        min(valid_from) over (partition by goal_id) as first_valid_from
    from versions
)

select
    goal_id,
    cycle,
    title,
    level,
    owner_type,
    owner_id,
    parent_goal_id,
    metric_id,
    filter_source,
    filter_project,
    filter_region,
    filter_product_line,
    filter_channel,
    target,
    threshold,
    stretch,
    weight,
    valid_from as version_valid_from,
    first_valid_from,
    version_count
from ranked
where cycle_end_rank = 1
