{#- Fails for every combination of `key_columns` whose rows disagree on any of `value_columns` (NULLs count as a
    value). fct_goal_records pairs each goal version's attributes with the events its owner and filters match: a
    version carrying two owners or filters would match its events twice. -#}
{% test consistent_within(model, key_columns, value_columns) %}
    select {{ key_columns | join(', ') }}, count(*) as variants
    from (
        select distinct {{ key_columns | join(', ') }}, {{ value_columns | join(', ') }}
        from {{ model }}
    ) as variants
    group by {{ key_columns | join(', ') }}
    having count(*) > 1
{% endtest %}
