-- One row per deal stage of every pipeline: which stage ids are closed, and which of those are won.
-- HubSpot writes the stage metadata as strings ("true", "1.0"); probability 1.0 on a closed stage means won.
with source as (
    select
        payload as pipeline,
        {{ json_unnest_items('payload', 'stages') }} as stage,
        modified_at,
        _loaded_at,
        _load_id
    from ({{ latest_versions(source('raw_hubspot', 'pipelines')) }}) as pipelines
),

renamed as (
    select
        {{ json_extract_text('pipeline', 'id') }} as pipeline_id,
        {{ json_extract_text('pipeline', 'label') }} as pipeline_label,
        {{ json_extract_text('stage', 'id') }} as stage_id,
        {{ json_extract_text('stage', 'label') }} as stage_label,
        {{ to_int(json_extract_text('stage', 'displayOrder')) }} as display_order,
        {{ to_boolean(json_extract_text('stage', 'metadata.isClosed')) }} as is_closed,
        {{ to_numeric(json_extract_text('stage', 'metadata.probability')) }} as probability,
        {{ to_boolean(json_extract_text('stage', 'archived')) }} as is_archived,
        {{ timestamptz_to_utc('modified_at') }} as snapshot_at,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select
    *,
    coalesce(is_closed and probability >= 1, false) as is_won,
    coalesce(is_closed and probability <= 0, false) as is_lost
from renamed
