-- One row per thing a team owns in a source system: Jira components and GitHub labels (defects on them count
-- for the team) and Shopify locations (orders fulfilled there count for the team running the location).
with source as (
    {{ latest_versions(source('raw_files', 'team_ownership')) }}
),

renamed as (
    select
        {{ csv_field('system') }} as system,
        {{ csv_field('kind') }} as owned_kind,
        {{ csv_field('key') }} as owned_key,
        {{ csv_field('team_id') }} as team_id,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select * from renamed
