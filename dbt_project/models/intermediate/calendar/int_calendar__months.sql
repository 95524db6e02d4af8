-- One row per month from the first review cycle's start up to the month of the data as-of date, with the
-- review cycle it belongs to (consecutive blocks of var review_cycle_months from var review_cycle_first_start).
{%- set first_start = "cast('" ~ var('review_cycle_first_start') ~ "' as date)" %}
{%- set cycle_months = var('review_cycle_months') | int %}

with month_numbers as (
    -- 0, 1, 2, …: a century of months, cut to the data below
    select generated_number - 1 as month_offset
    from ({{ dbt.generate_series(1200) }}) as numbers
),

months as (
    select
        cast({{ dbt.dateadd('month', 'month_offset', first_start) }} as date) as month_start,
        cast({{ dbt.dateadd('month', 'cast(floor(month_offset / ' ~ cycle_months ~ '.0) as ' ~ dbt.type_int() ~ ') * ' ~ cycle_months, first_start) }} as date)
            as cycle_start
    from month_numbers
),

cycles as (
    select
        month_start,
        cycle_start,
        cast({{ dbt.dateadd('day', '-1', dbt.dateadd('month', cycle_months, 'cycle_start')) }} as date) as cycle_end,
        cast(extract(year from cycle_start) as {{ dbt.type_int() }}) as cycle_year,
        cast(extract(month from cycle_start) as {{ dbt.type_int() }}) as cycle_first_month
    from months
)

select
    cycles.month_start,
    {{ month_id('cycles.month_start') }} as month_id,
    {{ cycle_id('cycle_year', 'cycle_first_month', cycle_months) }} as cycle_id,
    cycles.cycle_start,
    cycles.cycle_end
from cycles
cross join {{ ref('int_calendar__data_as_of') }} as data_as_of
where cycles.month_start <= data_as_of.as_of_date
