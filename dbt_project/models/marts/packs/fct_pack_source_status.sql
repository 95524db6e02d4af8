-- How current each business system's data is at each checkpoint: the newest modification it reported (over its
-- streams) and whether that lags the checkpoint day by more than var pack_stale_source_days (2) — a stale source
-- whose numbers may be incomplete. File drops are left out (their stamp is the file's, not the business's).
{%- set stale_days = var('pack_stale_source_days', 2) %}

with sources as (
    select source_system, max(last_modified_at) as as_of_at
    from {{ ref('fct_source_freshness') }}
    where source_system <> 'files'
    group by source_system
),

checkpoints as (
    select cycle_id, checkpoint_month, checkpoint_date from {{ ref('dim_pack_checkpoints') }}
),

dated as (
    select
        checkpoints.cycle_id,
        checkpoints.checkpoint_month,
        checkpoints.checkpoint_date,
        sources.source_system,
        sources.as_of_at,
        {{ to_business_date('sources.as_of_at') }} as as_of_date
    from checkpoints
    cross join sources
)

select
    cycle_id,
    checkpoint_month,
    source_system,
    as_of_at,
    as_of_date,
    greatest({{ dbt.datediff('as_of_date', 'checkpoint_date', 'day') }}, 0) as days_behind,
    {{ dbt.datediff('as_of_date', 'checkpoint_date', 'day') }} > {{ stale_days }} as is_stale
from dated
