{%- set history = diagnostics_rule('diagnostics_spike_history_months') | int -%}
-- Defects per team and complete month against the team's usual level: the median of its monthly defect counts
-- over the {{ history }} months before (at least 6 of them). A month is a spike when its count is at least
-- `diagnostics_spike_factor` × the usual level and at least `diagnostics_spike_min_excess` defects above it (so a
-- jump from 1 to 3 is not called a spike).
with months as (
    select period_id as month_id, cycle_id, row_number() over (order by period_start) as month_index
    from {{ ref('int_calendar__periods') }}
    where period_type = 'month' and is_complete
),

monthly as (
    select values_.entity_id as team_id, months.month_id, months.cycle_id, months.month_index,
           cast(values_.value as {{ type_double() }}) as defects
    from {{ ref('fct_metric_values') }} as values_
    inner join months on months.month_id = values_.period_id
    where values_.metric_id = 'defect_count' and values_.entity_type = 'team' and values_.period_type = 'month'
),

usual as (
    select monthly.team_id, monthly.month_id, count(earlier.defects) as history_months,
           {{ median('earlier.defects') }} as usual_defects
    from monthly
    inner join monthly as earlier
        on earlier.team_id = monthly.team_id
        and earlier.month_index between monthly.month_index - {{ history }} and monthly.month_index - 1
    group by monthly.team_id, monthly.month_id
)

select
    monthly.team_id,
    monthly.month_id,
    monthly.cycle_id,
    monthly.defects,
    usual.history_months,
    usual.usual_defects,
    monthly.defects / nullif(usual.usual_defects, 0) as spike_factor,
    coalesce(usual.history_months >= 6
        and monthly.defects >= {{ diagnostics_rule('diagnostics_spike_factor') }} * usual.usual_defects
        and monthly.defects - usual.usual_defects >= {{ diagnostics_rule('diagnostics_spike_min_excess') }},
        false) as is_spike
from monthly
left join usual on usual.team_id = monthly.team_id and usual.month_id = monthly.month_id
