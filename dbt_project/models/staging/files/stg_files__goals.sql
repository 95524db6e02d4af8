-- Every goal entry as each load of the goal file saw it: one row per entry per load (a load happens only when the
-- file changed), so int_goals__versions can date each change by the load that first saw it. An entry gone from
-- the latest file (its last raw row is a deletion) is dropped with its whole history.
with loaded_entries as (
    {{ latest_versions(source('raw_files', 'goals'), partition_by=['record_key', '_load_id']) }}
),

live_entries as (
    {{ latest_versions(source('raw_files', 'goals')) }}
),

renamed as (
    select
        loaded_entries.record_key as goal_entry_key,
        {{ json_extract_text('payload', 'id') }} as goal_id,
        {{ text_to_date(json_extract_text('payload', 'valid_from')) }} as declared_valid_from,
        {{ json_extract_text('payload', 'cycle') }} as cycle,
        {{ json_extract_text('payload', 'title') }} as title,
        {{ json_extract_text('payload', 'level') }} as level,
        {{ json_extract_text('payload', 'owner.type') }} as owner_type,
        {{ json_extract_text('payload', 'owner.id') }} as owner_id,
        {{ json_extract_text('payload', 'parent') }} as parent_goal_id,
        {{ json_extract_text('payload', 'metric') }} as metric_id,
        {{ json_extract_text('payload', 'filters.source') }} as filter_source,
        {{ json_extract_text('payload', 'filters.project') }} as filter_project,
        {{ json_extract_text('payload', 'filters.region') }} as filter_region,
        {{ json_extract_text('payload', 'filters.product_line') }} as filter_product_line,
        {{ json_extract_text('payload', 'filters.channel') }} as filter_channel,
        {{ to_numeric(json_extract_text('payload', 'target')) }} as target,
        {{ to_numeric(json_extract_text('payload', 'threshold')) }} as threshold,
        {{ to_numeric(json_extract_text('payload', 'stretch')) }} as stretch,
        {{ to_numeric(json_extract_text('payload', 'weight')) }} as weight,
        {{ timestamptz_to_utc('loaded_entries._loaded_at') }} as loaded_at,
        loaded_entries._load_id as load_id
    from loaded_entries
    where loaded_entries.record_key in (select live_entries.record_key from live_entries)
)

select * from renamed
