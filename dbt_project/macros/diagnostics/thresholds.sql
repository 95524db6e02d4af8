{#- The rules behind every diagnostics flag, in one place. Each can be overridden with `--vars` of the same name
    (e.g. `--vars '{diagnostics_material_effect: 0.2}'`); the report prints the rules it used. -#}
{% macro diagnostics_rules() %}
    {%- set defaults = {
        'diagnostics_material_effect': 0.15,
        'diagnostics_material_rating_residual': 0.5,
        'diagnostics_band_share': 0.1,
        'diagnostics_band_min_peers': 10,
        'diagnostics_goal_ease_share': 0.75,
        'diagnostics_overload_ratio': 1.5,
        'diagnostics_overload_window_months': 6,
        'diagnostics_overload_min_decline': 0.05,
        'diagnostics_spike_factor': 3,
        'diagnostics_spike_min_excess': 10,
        'diagnostics_spike_history_months': 12,
        'diagnostics_segment_low_ratio': 0.6,
        'diagnostics_pace_off_track_share': 0.5,
        'diagnostics_spread_ratio': 2,
        'diagnostics_role_miss_share': 0.6,
        'diagnostics_too_many_goals': 7,
        'diagnostics_too_few_goals': 3,
    } -%}
    {%- set rules = {} -%}
    {%- for name, default in defaults.items() -%}
        {%- do rules.update({name: var(name, default)}) -%}
    {%- endfor -%}
    {{ return(rules) }}
{% endmacro %}

{% macro diagnostics_rule(name) %}
    {%- set rules = diagnostics_rules() -%}
    {%- if name not in rules -%}
        {{ exceptions.raise_compiler_error("unknown diagnostics rule '" ~ name ~ "'") }}
    {%- endif -%}
    {{ return(rules[name]) }}
{% endmacro %}

{#- The two-sided 95% quantile of Student's t with `df` degrees of freedom (df rounded down to the table, so
    intervals err on the wide side); NULL below 1 degree of freedom. -#}
{% macro t_quantile_95(df) -%}
    {%- set table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
                     2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
                     2.052, 2.048, 2.045, 2.042] -%}
    case
    {%- for quantile in table %}
        when {{ df }} = {{ loop.index }} then {{ quantile }}
    {%- endfor %}
        when {{ df }} < 40 then 2.042
        when {{ df }} < 60 then 2.021
        when {{ df }} < 120 then 2.000
        when {{ df }} >= 120 then 1.980
    end
{%- endmacro %}

{#- Count, mean and 95% t-interval of `value` over a group (inside a GROUP BY), as <prefix>_n, _mean, _ci_low and
    _ci_high; the interval is NULL for fewer than two values. -#}
{% macro interval_columns(value, prefix) -%}
    count({{ value }}) as {{ prefix }}_n,
    {{ exact_avg(value) }} as {{ prefix }}_mean,
    {{ exact_avg(value) }} - {{ t_quantile_95('count(' ~ value ~ ') - 1') }} * {{ exact_stddev_samp(value) }}
        / sqrt(count({{ value }})) as {{ prefix }}_ci_low,
    {{ exact_avg(value) }} + {{ t_quantile_95('count(' ~ value ~ ') - 1') }} * {{ exact_stddev_samp(value) }}
        / sqrt(count({{ value }})) as {{ prefix }}_ci_high
{%- endmacro %}

{#- +1 / -1 when the whole interval lies above `material` / below -`material` (so it excludes zero and the effect is
    material with 95% confidence), else 0: the false-positive rule of every calibration flag. -#}
{% macro interval_flag(prefix, material) -%}
    case
        when {{ prefix }}_ci_low >= {{ material }} then 1
        when {{ prefix }}_ci_high <= -{{ material }} then -1
        else 0
    end
{%- endmacro %}

{#- Hyperbolic tangent, written out (the inverse of Fisher's z). -#}
{% macro tanh(expression) -%}
    ((exp(2 * ({{ expression }})) - 1) / (exp(2 * ({{ expression }})) + 1))
{%- endmacro %}
