{%- set low = diagnostics_rule('diagnostics_segment_low_ratio') -%}
-- depends_on: {{ ref('int_metric__owner_months') }}
-- (scheduling only: dbt starts the nodes of a level in name order, so this mart waited for int_metric__owner_months,
-- the start of the longest path (attainment, then every pack mart); it now runs after it, beside fct_goal_records)
-- Sales rates by business segment - region, product line and channel of the deal - per complete month and per
-- review cycle (the running one to date): each segment's value against the median of the dimension's segments in
-- the same period (direction-aware: `performance_ratio` below 1 is worse). A period is low when the ratio is at
-- most {{ low }}, high when at least 1 / {{ low }}; `low_streak` / `high_streak` count the consecutive periods
-- (months or cycles) the segment has been so, up to this one. Periods with fewer events than the metric's minimum
-- have no value.
with metrics as (
    select metric_id, direction, min_events
    from {{ ref('stg_files__metrics') }}
    -- rates only: amounts (deal size, won amount) depend on what a segment sells, so segments are not comparable on them
    where family = 'sales' and unit = 'rate'
),

periods as (
    select period_type, period_id, period_start, period_end,
           row_number() over (partition by period_type order by period_start) as period_index
    from {{ ref('int_calendar__periods') }}
    where period_type = 'cycle' or is_complete
),

segment_events as (
    {%- for dimension in ['region', 'product_line', 'channel'] %}
    select '{{ dimension }}' as dimension, {{ dimension }} as segment, metric_id, event_date, numerator, denominator
    from {{ ref('int_metric__events') }}
    where {{ dimension }} is not null and metric_id in (select metric_id from metrics)
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

valued as (
    select segment_events.dimension, segment_events.segment, segment_events.metric_id, metrics.direction,
           periods.period_type, periods.period_id, periods.period_index, count(*) as event_count,
           case when count(*) >= metrics.min_events then
               cast(sum(segment_events.numerator) as {{ type_double() }})
                   / nullif(sum(segment_events.denominator), 0) end as value
    from segment_events
    inner join metrics on metrics.metric_id = segment_events.metric_id
    inner join periods
        on segment_events.event_date between periods.period_start and periods.period_end
    group by segment_events.dimension, segment_events.segment, segment_events.metric_id, metrics.direction,
             metrics.min_events, periods.period_type, periods.period_id, periods.period_index
),

medians as (
    select dimension, metric_id, period_type, period_id, {{ median('value') }} as peer_median
    from valued
    where value is not null
    group by dimension, metric_id, period_type, period_id
),

compared as (
    select
        valued.*,
        medians.peer_median,
        case when valued.direction = 'lower' then medians.peer_median / nullif(valued.value, 0)
             else valued.value / nullif(medians.peer_median, 0) end as performance_ratio
    from valued
    inner join medians
        on medians.dimension = valued.dimension and medians.metric_id = valued.metric_id
        and medians.period_type = valued.period_type and medians.period_id = valued.period_id
),

classified as (
    select
        compared.*,
        case when performance_ratio <= {{ low }} then 'low'
             when performance_ratio >= 1.0 / {{ low }} then 'high' end as standing
    from compared
),

streaks as (
    -- rows of one unbroken run of the same standing share period_index minus their position within that standing
    select dimension, segment, metric_id, period_type, period_id,
           row_number() over (partition by dimension, segment, metric_id, period_type, standing, run
                              order by period_index) as streak
    from (
        select classified.*,
               period_index - row_number() over (partition by dimension, segment, metric_id, period_type, standing
                                                 order by period_index) as run
        from classified
        where standing is not null
    ) as runs
)

select
    classified.dimension,
    classified.segment,
    classified.metric_id,
    classified.direction,
    classified.period_type,
    classified.period_id,
    classified.event_count,
    classified.value,
    classified.peer_median,
    classified.performance_ratio,
    classified.standing,
    coalesce(streaks.streak, 0) as streak
from classified
left join streaks
    on streaks.dimension = classified.dimension and streaks.segment = classified.segment
    and streaks.metric_id = classified.metric_id and streaks.period_type = classified.period_type
    and streaks.period_id = classified.period_id
