-- One row per version of each goal, with the dates it was in force. A version's valid_from is the date its entry
-- declares, else the day a load first saw it; an entry edited in place later is a new version from the day the
-- edit was first seen (or its declared date, if later) - unless a later entry of the goal has taken effect by then:
-- then the edit corrects the version it replaces. valid_to is the next version's valid_from (exclusive).
{%- set versioned_fields = ['cycle', 'title', 'level', 'owner_type', 'owner_id', 'parent_goal_id', 'metric_id',
                            'filter_source', 'filter_project', 'filter_region', 'filter_product_line',
                            'filter_channel', 'target', 'threshold', 'stretch', 'weight'] %}

with entries as (
    select * from {{ ref('stg_files__goals') }}
),

-- each load of an entry, flagged when its content differs from the entry's previous load
entry_loads as (
    select
        entries.*,
        row_number() over entry_history as load_number,
        {% for field in versioned_fields -%}
        {{ field }} is distinct from lag({{ field }}) over entry_history{% if not loop.last %} or{% endif %}
        {% endfor -%}
        as is_changed
    from entries
    window entry_history as (partition by goal_entry_key order by loaded_at, load_id)
),

entry_versions as (
    select
        *,
        loaded_at as first_seen_at,
        case
            when declared_valid_from is null then {{ to_business_date('loaded_at') }}
            when load_number = 1 then declared_valid_from
            else greatest(declared_valid_from, {{ to_business_date('loaded_at') }})
        end as effective_from
    from entry_loads
    where load_number = 1 or is_changed
),

-- where each entry starts, and where the goal's next entry starts
entry_spans as (
    select
        goal_entry_key,
        lead(effective_from) over (partition by goal_id order by effective_from, goal_entry_key) as next_entry_from
    from entry_versions
    where load_number = 1
),

-- an edit that only takes effect once a later entry has (a superseded version edited) corrects that version in
-- place: it keeps the date of the last version it replaces
dated_versions as (
    select
        entry_versions.*,
        case
            when entry_spans.next_entry_from is null or effective_from < entry_spans.next_entry_from
                then effective_from
            else max(case when effective_from < entry_spans.next_entry_from then effective_from end)
                over (partition by entry_versions.goal_entry_key)
        end as valid_from
    from entry_versions
    inner join entry_spans on entry_spans.goal_entry_key = entry_versions.goal_entry_key
),

-- versions dated the same day (a correction and what it corrects, or two entries on one date): the last seen holds
goal_versions as (
    select
        *,
        row_number() over (partition by goal_id, valid_from order by first_seen_at desc, goal_entry_key desc)
            as same_day_rank
    from dated_versions
)

select
    goal_id,
    valid_from,
    lead(valid_from) over (partition by goal_id order by valid_from) as valid_to,
    declared_valid_from,
    first_seen_at,
    {% for field in versioned_fields -%}
    {{ field }}{% if not loop.last %},{% endif %}
    {% endfor %}
from goal_versions
where same_day_rank = 1
