-- One row per Jira issue: bugs (defects, attributed through their component) and work items with due dates
-- (attributed to the assignee). Jira writes times with offsets (`+0200`) in the querying user's zone.
{%- set environment_field = 'fields.' ~ var('jira_environment_field', 'customfield_10042') ~ '.value' %}

with source as (
    {{ latest_versions(source('raw_jira', 'issues')) }}
),

renamed as (
    select
        {{ json_extract_text('payload', 'id') }} as issue_id,
        {{ json_extract_text('payload', 'key') }} as issue_key,
        {{ json_extract_text('payload', 'fields.project.key') }} as project_key,
        {{ json_extract_text('payload', 'fields.issuetype.name') }} as issue_type,
        {{ json_extract_text('payload', 'fields.summary') }} as summary,
        {{ json_extract_text('payload', 'fields.priority.name') }} as priority,
        {{ json_extract_text('payload', 'fields.status.name') }} as status,
        {{ json_extract_text('payload', 'fields.status.statusCategory.key') }} as status_category,
        {{ json_extract_text('payload', 'fields.components.0.name') }} as component,
        {{ json_count_items('payload', 'fields.components') }} as component_count,
        {{ json_join_items('payload', 'fields.labels') }} as labels,
        {{ json_extract_text('payload', environment_field) }} as environment,
        {{ json_extract_text('payload', 'fields.assignee.accountId') }} as assignee_account_id,
        {{ json_extract_text('payload', 'fields.reporter.accountId') }} as reporter_account_id,
        {{ to_utc_timestamp(json_extract_text('payload', 'fields.created')) }} as created_at,
        {{ to_business_date(to_utc_timestamp(json_extract_text('payload', 'fields.created'))) }} as created_date,
        {{ to_utc_timestamp(json_extract_text('payload', 'fields.resolutiondate')) }} as resolved_at,
        {{ to_business_date(to_utc_timestamp(json_extract_text('payload', 'fields.resolutiondate'))) }}
            as resolved_date,
        {{ text_to_date(json_extract_text('payload', 'fields.duedate')) }} as due_date,
        {{ to_utc_timestamp(json_extract_text('payload', 'fields.updated')) }} as modified_at,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select * from renamed
