{#- Fails for every version (SCD2 row) that overlaps the next version of the same entity: its valid_to (exclusive,
    NULL while open) runs past the next version's valid_from. A dated lookup into such a history (metric events
    attributed to the team of the day) would match two versions and count the event twice. -#}
{% test no_overlapping_versions(model, entity_column, valid_from='valid_from', valid_to='valid_to') %}
    select *
    from (
        select
            {{ entity_column }},
            {{ valid_from }} as version_from,
            {{ valid_to }} as version_to,
            lead({{ valid_from }}) over (partition by {{ entity_column }} order by {{ valid_from }}) as next_from
        from {{ model }}
    ) as versions
    where next_from is not null and (version_to is null or version_to > next_from)
{% endtest %}
