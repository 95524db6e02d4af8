{#-
    Judging a number against a goal (DESIGN §4), in one place. `direction` is the metric's ('higher' or
    'lower' is better). Mid-cycle, a cumulative metric is judged against pace: `expected` is the target
    scaled by the elapsed share of the cycle (and so are threshold and stretch); a rate is judged against
    the target itself. These macros take the already-scaled values.
-#}

{# Direction-aware ratio of actual to target, capped at the stretch ratio (default cap when no stretch) and
   floored at 0. Lower-is-better: target ÷ actual, so half the defects of the target is 200% before the cap. #}
{% macro goal_attainment(actual, target, stretch, direction) -%}
    case
        when {{ actual }} is null or {{ target }} is null then null
        when {{ direction }} = 'higher' then
            case when {{ target }} <= 0 then null
                else greatest(0.0, least({{ actual }} / {{ target }}, {{ attainment_cap(target, stretch, direction) }}))
            end
        else
            case when {{ target }} < 0 then null
                when {{ actual }} <= 0 then {{ attainment_cap(target, stretch, direction) }}
                else greatest(0.0, least({{ target }} / {{ actual }}, {{ attainment_cap(target, stretch, direction) }}))
            end
    end
{%- endmacro %}

{# The most attainment a goal can give: reaching stretch (stretch ÷ target, or target ÷ stretch when lower is
   better); var `attainment_default_cap` (1.5) for a goal without a usable stretch. #}
{% macro attainment_cap(target, stretch, direction) -%}
    coalesce(
        case
            when {{ direction }} = 'higher' and {{ target }} > 0 and {{ stretch }} > {{ target }}
                then {{ stretch }} / {{ target }}
            when {{ direction }} = 'lower' and {{ stretch }} > 0 and {{ stretch }} < {{ target }}
                then {{ target }} / {{ stretch }}
        end,
        {{ var('attainment_default_cap', 1.5) }}
    )
{%- endmacro %}

{# The band an actual falls in: below_threshold, approaching (threshold reached), achieved (target
   reached), exceeded (stretch reached). "Reached" means at or above for higher-is-better, at or below for
   lower-is-better. #}
{% macro goal_band(actual, threshold, target, stretch, direction) -%}
    case
        when {{ actual }} is null then null
        when {{ direction }} = 'higher' then
            case
                when {{ stretch }} is not null and {{ actual }} >= {{ stretch }} then 'exceeded'
                when {{ actual }} >= {{ target }} then 'achieved'
                when {{ threshold }} is null or {{ actual }} >= {{ threshold }} then 'approaching'
                else 'below_threshold'
            end
        else
            case
                when {{ stretch }} is not null and {{ actual }} <= {{ stretch }} then 'exceeded'
                when {{ actual }} <= {{ target }} then 'achieved'
                when {{ threshold }} is null or {{ actual }} <= {{ threshold }} then 'approaching'
                else 'below_threshold'
            end
    end
{%- endmacro %}

{# Status of a goal in a cycle still running, from its band against pace: on track (target pace reached),
   at risk (threshold pace reached), off track. A finished cycle's goal is 'final'. #}
{% macro goal_status(band, is_cycle_complete) -%}
    case
        when {{ is_cycle_complete }} then 'final'
        when {{ band }} is null then 'insufficient_data'
        when {{ band }} in ('achieved', 'exceeded') then 'on_track'
        when {{ band }} = 'approaching' then 'at_risk'
        else 'off_track'
    end
{%- endmacro %}
