-- depends_on: {{ ref('int_metric__owner_months') }}
-- (scheduling only: dbt starts the nodes of a level in name order, so this mart waited for int_metric__owner_months,
-- the start of the longest path (attainment, then every pack mart); it now runs after it, beside fct_goal_records)
-- Key events of a cycle up to each checkpoint, for a person or a team: the largest wins and lost big deals of the
-- deal owner at close, the worst delays (a person's work items; a team's orders), the team's critical defects —
-- each the top var pack_key_events_per_kind (3) by size — and every journal entry about the person (SBI).
{%- set per_kind = var('pack_key_events_per_kind', 3) %}

with events as (
    select * from {{ ref('int_metric__events') }}
),

checkpoints as (
    select cycle_id, checkpoint_month, cycle_start, checkpoint_date from {{ ref('dim_pack_checkpoints') }}
),

candidates as (
    select 'employee' as subject_type, employee_id as subject_id, 'largest_win' as kind, source_system, record_id,
           record_label as label, event_date, numerator as value, 'amount' as unit
    from events
    where metric_id = 'sales_won_amount' and employee_id is not null

    union all

    select 'employee', events.employee_id, 'lost_big_deal', events.source_system, events.record_id,
           events.record_label, events.event_date, deals.amount_at_close_rate, 'amount'
    from events
    inner join {{ ref('int_sales__deals') }} as deals on deals.deal_id = events.event_id
    where events.metric_id = 'sales_win_rate' and events.numerator = 0 and events.employee_id is not null
        and deals.amount_at_close_rate is not null

    union all

    -- a late delivery: the person's own work item, or an order of the team running its location
    select case when employee_id is not null then 'employee' else 'team' end, coalesce(employee_id, team_id),
           'worst_delay', source_system, record_id, record_label, event_date, numerator, 'days'
    from events
    where metric_id = 'delivery_avg_delay_days' and coalesce(employee_id, team_id) is not null

    union all

    select 'team', team_id, 'critical_defect', source_system, record_id, record_label, event_date,
           cast(null as {{ dbt.type_numeric() }}), cast(null as {{ dbt.type_string() }})
    from events
    where metric_id = 'critical_defects' and team_id is not null
),

-- Each checkpoint's window (cycle start to the checkpoint day) is the union of the cycle's segments up to it: from
-- the day after the previous checkpoint to this one. The top n of a union are among the top n of its parts, so
-- only each segment's top n are ranked again per checkpoint, not every event of the cycle at every checkpoint.
segments as (
    select
        cycle_id,
        coalesce(cast({{ dbt.dateadd('day', 1, 'previous_checkpoint_date') }} as date), cycle_start) as segment_start,
        checkpoint_date as segment_end
    from (
        select
            cycle_id,
            cycle_start,
            checkpoint_date,
            lag(checkpoint_date) over (partition by cycle_id order by checkpoint_date) as previous_checkpoint_date
        from checkpoints
    ) as ordered_checkpoints
),

segment_leaders as (
    select *
    from (
        select
            segments.cycle_id,
            candidates.*,
            row_number() over (
                partition by segments.cycle_id, segments.segment_end, candidates.subject_type, candidates.subject_id,
                             candidates.kind
                order by candidates.value desc, candidates.event_date desc, candidates.record_id,
                         candidates.source_system
            ) as segment_rank
        from candidates
        inner join segments
            on candidates.event_date >= segments.segment_start and candidates.event_date <= segments.segment_end
    ) as ranked_in_segment
    where segment_rank <= {{ per_kind }}
),

ranked as (
    select
        checkpoints.checkpoint_month,
        leaders.*,
        row_number() over (
            partition by checkpoints.checkpoint_month, leaders.subject_type, leaders.subject_id, leaders.kind
            order by leaders.value desc, leaders.event_date desc, leaders.record_id, leaders.source_system
        ) as size_rank
    from segment_leaders as leaders
    inner join checkpoints
        on checkpoints.cycle_id = leaders.cycle_id
        and leaders.event_date >= checkpoints.cycle_start and leaders.event_date <= checkpoints.checkpoint_date
),

journal as (
    select
        checkpoints.cycle_id,
        checkpoints.checkpoint_month,
        'employee' as subject_type,
        entries.employee_id as subject_id,
        'journal' as kind,
        'journal' as source_system,
        entries.entry_id as record_id,
        entries.entry_kind as label,
        entries.entry_date as event_date,
        cast(null as {{ dbt.type_numeric() }}) as value,
        cast(null as {{ dbt.type_string() }}) as unit,
        entries.situation,
        entries.behaviour,
        entries.impact
    from {{ ref('stg_files__journal_entries') }} as entries
    inner join checkpoints
        on entries.entry_date >= checkpoints.cycle_start and entries.entry_date <= checkpoints.checkpoint_date
    where entries.employee_id is not null
)

select
    cycle_id, checkpoint_month, subject_type, subject_id, kind, source_system, record_id, label, event_date, value,
    unit, cast(null as {{ dbt.type_string() }}) as situation, cast(null as {{ dbt.type_string() }}) as behaviour,
    cast(null as {{ dbt.type_string() }}) as impact
from ranked
where size_rank <= {{ per_kind }}

union all

select
    cycle_id, checkpoint_month, subject_type, subject_id, kind, source_system, record_id, label, event_date, value,
    unit, situation, behaviour, impact
from journal
