-- One row per Jira issue: bugs (defects, attributed through their component) and work items with due dates
-- (attributed to the assignee). Jira writes times with offsets (`+0200`) in the querying user's zone.
{%- set environment_field = 'fields.' ~ var('jira_environment_field', 'customfield_10042') ~ '.value' %}

with source as (
    {{ latest_versions(source('raw_jira', 'issues')) }}
),

fields as (
    {{ select_json_fields('source', 'payload', {
        'issue_id': 'id',
        'issue_key': 'key',
        'project_key': 'fields.project.key',
        'issue_type': 'fields.issuetype.name',
        'priority': 'fields.priority.name',
        'status': 'fields.status.name',
        'status_category': 'fields.status.statusCategory.key',
        'components': 'fields.components',
        'labels_json': 'fields.labels',
        'environment': environment_field,
        'assignee_account_id': 'fields.assignee.accountId',
        'reporter_account_id': 'fields.reporter.accountId',
        'created_text': 'fields.created',
        'resolutiondate_text': 'fields.resolutiondate',
        'duedate_text': 'fields.duedate',
    }) }}
),

renamed as (
    select
        issue_id,
        issue_key,
        project_key,
        issue_type,
        priority,
        status,
        status_category,
        {{ json_extract_text('components', '0.name') }} as component,
        {{ json_count_items('components', '') }} as component_count,
        {{ json_join_items('labels_json', '') }} as labels,
        environment,
        assignee_account_id,
        reporter_account_id,
        {{ to_utc_timestamp('created_text') }} as created_at,
        {{ to_utc_timestamp('resolutiondate_text') }} as resolved_at,
        {{ text_to_date('duedate_text') }} as due_date,
        {{ timestamptz_to_utc('modified_at') }} as modified_at,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from fields
)

-- dates from the timestamps made above, not from parsing the text again
select
    issue_id, issue_key, project_key, issue_type, priority, status, status_category, component, component_count,
    labels, environment, assignee_account_id, reporter_account_id, created_at,
    {{ to_business_date('created_at') }} as created_date,
    resolved_at,
    {{ to_business_date('resolved_at') }} as resolved_date,
    due_date, modified_at, loaded_at, load_id
from renamed
