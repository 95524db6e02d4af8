-- Peer context for a pack: per checkpoint, metric and goal scope, the distribution of attainment in the person's
-- team and among their role peers (same role family, company-wide) — median, 25th and 75th percentile and how
-- many people it covers. Groups smaller than var pack_min_group_size (5) are suppressed: their numbers are NULL.
-- A team's shared goals give every member the same value, so only role peers are compared on them.
{%- set min_group_size = var('pack_min_group_size', 5) %}

with person_attainment as (
    select * from {{ ref('int_packs__person_metric_attainment') }}
),

grouped as (
    select cycle_id, checkpoint_month, scope, metric_id, 'team' as group_type, team_id as group_id, attainment
    from person_attainment
    where scope = 'individual'

    union all

    select cycle_id, checkpoint_month, scope, metric_id, 'role_peers' as group_type, role_family as group_id,
           attainment
    from person_attainment
    where role_family is not null
),

distributions as (
    select
        cycle_id,
        checkpoint_month,
        scope,
        metric_id,
        group_type,
        group_id,
        count(*) as group_size,
        {{ median('attainment') }} as median_attainment,
        {{ percentile('attainment', 0.25) }} as p25_attainment,
        {{ percentile('attainment', 0.75) }} as p75_attainment
    from grouped
    group by cycle_id, checkpoint_month, scope, metric_id, group_type, group_id
)

select
    cycle_id,
    checkpoint_month,
    scope,
    metric_id,
    group_type,
    group_id,
    group_size,
    group_size < {{ min_group_size }} as is_suppressed,
    case when group_size >= {{ min_group_size }} then median_attainment end as median_attainment,
    case when group_size >= {{ min_group_size }} then p25_attainment end as p25_attainment,
    case when group_size >= {{ min_group_size }} then p75_attainment end as p75_attainment
from distributions
