-- One row per metric of the library (metrics.yaml): what it measures, which way is better and how it rolls up.
with source as (
    {{ latest_versions(source('raw_files', 'metrics')) }}
),

renamed as (
    select
        {{ json_extract_text('payload', 'id') }} as metric_id,
        {{ json_extract_text('payload', 'family') }} as family,
        {{ json_extract_text('payload', 'grain') }} as grain,
        {{ json_extract_text('payload', 'unit') }} as unit,
        {{ json_extract_text('payload', 'direction') }} as direction,
        {{ json_extract_text('payload', 'aggregation') }} as aggregation,
        {{ to_boolean(json_extract_text('payload', 'is_cumulative')) }} as is_cumulative,
        {{ json_extract_text('payload', 'source') }} as source,
        {{ json_extract_text('payload', 'definition') }} as definition,
        {{ to_int(json_extract_text('payload', 'min_events')) }} as min_events,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select * from renamed
