-- One row per GitHub issue labelled as a bug (the connector drops pull requests). The `area:<component>`
-- label says which component, and so which team, a defect belongs to.
with source as (
    {{ latest_versions(source('raw_github', 'issues')) }}
),

renamed as (
    select
        {{ json_extract_text('payload', 'id') }} as issue_id,
        {{ dbt.split_part(json_extract_text('payload', 'repository_url'), "'/repos/'", 2) }} as repository,
        {{ to_int(json_extract_text('payload', 'number')) }} as issue_number,
        {{ json_extract_text('payload', 'title') }} as title,
        {{ json_extract_text('payload', 'html_url') }} as issue_url,
        {{ json_extract_text('payload', 'state') }} as state,
        {{ json_extract_text('payload', 'state_reason') }} as state_reason,
        {{ json_join_items('payload', 'labels', field='name') }} as labels,
        {{ json_pick_item('payload', 'labels', 'name', 'name', prefix='area:') }} as area_label,
        {{ json_extract_text('payload', 'user.login') }} as author_login,
        {{ json_extract_text('payload', 'assignee.login') }} as assignee_login,
        {{ json_extract_text('payload', 'milestone.title') }} as milestone,
        {{ to_utc_timestamp(json_extract_text('payload', 'created_at')) }} as created_at,
        {{ to_business_date(to_utc_timestamp(json_extract_text('payload', 'created_at'))) }} as created_date,
        {{ to_utc_timestamp(json_extract_text('payload', 'closed_at')) }} as closed_at,
        {{ to_business_date(to_utc_timestamp(json_extract_text('payload', 'closed_at'))) }} as closed_date,
        {{ to_utc_timestamp(json_extract_text('payload', 'updated_at')) }} as modified_at,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select * from renamed
