-- The rules behind the diagnostics flags as this build applied them (macro defaults or --vars), so the report
-- states the thresholds it was computed with.
{%- set rules = diagnostics_rules() %}
{%- for name, value in rules.items() | sort %}
select '{{ name | replace("diagnostics_", "") }}' as rule_name, cast({{ value }} as {{ type_double() }}) as rule_value
{% if not loop.last %}union all{% endif %}
{%- endfor %}
