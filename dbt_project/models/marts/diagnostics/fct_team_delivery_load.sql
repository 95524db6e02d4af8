{%- set window = diagnostics_rule('diagnostics_overload_window_months') | int -%}
-- Delivery load and timeliness per team and complete month: deliveries completed, headcount (members on the
-- month's last day), and over the trailing {{ window }} months the volume per head against the median of the
-- department's delivering teams, and the trend of the on-time rate (least-squares slope per month). A team is
-- overloaded when its volume per head is at least `diagnostics_overload_ratio` × that median while its on-time
-- rate fell over the window by at least `diagnostics_overload_min_decline` (slope × months spanned).
with months as (
    select period_id as month_id, period_start, period_end, cycle_id,
           row_number() over (order by period_start) as month_index
    from {{ ref('int_calendar__periods') }}
    where period_type = 'month' and is_complete
),

values_by_month as (
    select entity_id as team_id, period_id as month_id,
           max(case when metric_id = 'delivery_volume' then value end) as deliveries,
           max(case when metric_id = 'delivery_on_time_rate' and has_enough_data then value end) as on_time_rate
    from {{ ref('fct_metric_values') }}
    where entity_type = 'team' and period_type = 'month'
      and metric_id in ('delivery_volume', 'delivery_on_time_rate')
    group by entity_id, period_id
),

headcount as (
    select history.team_id, months.month_id, max(teams.department) as department,
           count(distinct history.employee_id) as headcount
    from months
    inner join {{ ref('int_org__employee_history') }} as history
        on history.valid_from <= months.period_end
        and (history.valid_to is null or history.valid_to > months.period_end)
    inner join {{ ref('int_org__team_history') }} as teams
        on teams.team_id = history.team_id and teams.valid_from <= months.period_end
        and (teams.valid_to is null or teams.valid_to > months.period_end)
    group by history.team_id, months.month_id
),

monthly as (
    select headcount.team_id, headcount.department, months.month_id, months.cycle_id, months.month_index,
           headcount.headcount, cast(values_by_month.deliveries as {{ type_double() }}) as deliveries,
           cast(values_by_month.on_time_rate as {{ type_double() }}) as on_time_rate
    from headcount
    inner join months on months.month_id = headcount.month_id
    inner join values_by_month
        on values_by_month.team_id = headcount.team_id and values_by_month.month_id = headcount.month_id
    where values_by_month.deliveries > 0
),

rolling as (
    select
        monthly.*,
        count(*) over recent_months as months_in_window,
        sum(deliveries) over recent_months / sum(headcount) over recent_months as volume_per_head,
        regr_slope(on_time_rate, month_index) over recent_months as on_time_slope,
        max(month_index) over recent_months - min(month_index) over recent_months as months_spanned
    from monthly
    window recent_months as (partition by team_id order by month_index
                               rows between {{ window - 1 }} preceding and current row)
),

department_medians as (
    select department, month_id, {{ median('volume_per_head') }} as median_volume_per_head
    from rolling
    where months_in_window = {{ window }}
    group by department, month_id
)

select
    rolling.team_id,
    rolling.department,
    rolling.month_id,
    rolling.cycle_id,
    rolling.headcount,
    rolling.deliveries,
    rolling.on_time_rate,
    rolling.months_in_window,
    rolling.volume_per_head,
    department_medians.median_volume_per_head,
    rolling.volume_per_head / nullif(department_medians.median_volume_per_head, 0) as volume_ratio,
    rolling.on_time_slope,
    rolling.on_time_slope * rolling.months_spanned as on_time_change,
    coalesce(rolling.months_in_window = {{ window }}
        and rolling.volume_per_head
            >= {{ diagnostics_rule('diagnostics_overload_ratio') }} * department_medians.median_volume_per_head
        and rolling.on_time_slope * rolling.months_spanned
            <= -{{ diagnostics_rule('diagnostics_overload_min_decline') }}, false) as is_overloaded
from rolling
left join department_medians
    on department_medians.department = rolling.department and department_medians.month_id = rolling.month_id
