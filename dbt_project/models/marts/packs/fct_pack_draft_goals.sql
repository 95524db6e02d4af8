-- Draft next-cycle targets for every personal and team goal, from the metric's own history: the final actuals
-- (with enough data) of the same owner's goals on the same metric and filters in the last var
-- pack_draft_history_cycles (4) finished cycles before the goal's own — and including it for the cycle pack
-- (with_own_cycle), so a checkpoint pack never draws on its cycle's end. Commit is their median; stretch their 75th
-- percentile (25th when lower is better). With fewer than var pack_draft_min_history (2) values there is no
-- history to go by: the goal's current target and stretch are proposed again (`basis` says which).
{%- set history_cycles = var('pack_draft_history_cycles', 4) %}
{%- set min_history = var('pack_draft_min_history', 2) %}

with goals as (
    select goals.*, variants.with_own_cycle
    from {{ ref('fct_pack_goals') }} as goals
    cross join (select true as with_own_cycle union all select false as with_own_cycle) as variants
    where goals.is_latest_checkpoint and goals.owner_type in ('employee', 'team')
),

history as (
    select
        goals.goal_id,
        goals.with_own_cycle,
        earlier.cycle_id as history_cycle_id,
        earlier.actual as history_actual,
        row_number() over (partition by goals.goal_id, goals.with_own_cycle order by earlier.cycle_id desc)
            as recency
    from goals
    inner join {{ ref('fct_pack_goals') }} as earlier
        on earlier.owner_type = goals.owner_type
        and earlier.owner_id = goals.owner_id
        and earlier.metric_id = goals.metric_id
        and (earlier.cycle_id < goals.cycle_id or (goals.with_own_cycle and earlier.cycle_id = goals.cycle_id))
        and {% for filter in ['source', 'project', 'region', 'product_line', 'channel'] -%}
        coalesce(earlier.filter_{{ filter }}, '') = coalesce(goals.filter_{{ filter }}, '')
        {%- if not loop.last %} and {% endif %}
        {% endfor %}
    where earlier.is_latest_checkpoint and earlier.is_cycle_complete and earlier.has_enough_data
),

recent as (
    select
        goal_id,
        with_own_cycle,
        count(*) as history_count,
        {{ dbt.listagg('history_cycle_id', "', '", 'order by history_cycle_id') }} as history_cycles,
        {{ dbt.listagg(decimal_as_text('history_actual'), "', '", 'order by history_cycle_id') }} as history_values,
        {{ median('history_actual') }} as history_median,
        {{ percentile('history_actual', 0.25) }} as history_p25,
        {{ percentile('history_actual', 0.75) }} as history_p75
    from history
    where recency <= {{ history_cycles }}
    group by goal_id, with_own_cycle
)

select
    goals.goal_id,
    goals.with_own_cycle,
    goals.cycle_id,
    goals.title,
    goals.metric_id,
    goals.unit,
    goals.direction,
    goals.owner_type,
    goals.owner_id,
    coalesce(recent.history_count, 0) as history_count,
    recent.history_cycles,
    recent.history_values,
    case when coalesce(recent.history_count, 0) >= {{ min_history }} then 'history' else 'current_target' end
        as basis,
    case when coalesce(recent.history_count, 0) >= {{ min_history }} then recent.history_median
        else goals.target end as commit_target,
    case
        when coalesce(recent.history_count, 0) < {{ min_history }} then goals.stretch
        when goals.direction = 'lower' then recent.history_p25
        else recent.history_p75
    end as stretch_target
from goals
left join recent on recent.goal_id = goals.goal_id and recent.with_own_cycle = goals.with_own_cycle
