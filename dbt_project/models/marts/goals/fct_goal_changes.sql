-- One row per field that changed between two consecutive versions of a goal: what it was, what it became, and
-- the day the new version took effect ("target changed from 1040000 to 1195000 on 2026-09-15").
{%- set text_fields = ['cycle', 'title', 'level', 'owner_type', 'owner_id', 'parent_goal_id', 'metric_id',
                       'filter_source', 'filter_project', 'filter_region', 'filter_product_line', 'filter_channel'] %}
{%- set number_fields = ['target', 'threshold', 'stretch', 'weight'] %}

with versions as (
    select
        *,
        row_number() over goal_history as version_number,
        {% for field in text_fields + number_fields -%}
        lag({{ field }}) over goal_history as previous_{{ field }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from {{ ref('int_goals__versions') }}
    window goal_history as (partition by goal_id order by valid_from)
),

changes as (
    {% for field in text_fields + number_fields -%}
    {%- set is_number = field in number_fields %}
    select
        goal_id,
        cycle,
        valid_from as changed_on,
        first_seen_at,
        '{{ field }}' as field,
        {{ decimal_as_text('previous_' ~ field) if is_number else 'previous_' ~ field }} as old_value,
        {{ decimal_as_text(field) if is_number else field }} as new_value,
        cast({{ 'previous_' ~ field if is_number else 'null' }} as {{ dbt.type_numeric() }}) as old_number,
        cast({{ field if is_number else 'null' }} as {{ dbt.type_numeric() }}) as new_number
    from versions
    where version_number > 1 and previous_{{ field }} is distinct from {{ field }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select * from changes
