-- One row per raw stream: when the raw zone last received data and the newest modification time the source
-- reported. Read from every row of the append-only zone (deletions included), so it says how fresh each
-- source is, not how many records are live. A stream added to _raw__sources.yml belongs in this list too.
{%- set streams = [
    ('salesforce', 'opportunities'), ('salesforce', 'users'),
    ('hubspot', 'deals'), ('hubspot', 'owners'), ('hubspot', 'pipelines'),
    ('jira', 'issues'), ('jira', 'users'),
    ('github', 'issues'),
    ('shopify', 'orders'), ('shopify', 'locations'),
    ('hris', 'employees'), ('hris', 'job_history'),
    ('files', 'ratings'), ('files', 'journal'), ('files', 'identity_overrides'), ('files', 'fx_rates'),
    ('files', 'team_ownership'), ('files', 'metrics'), ('files', 'goals'),
] %}

{% for system, stream in streams %}
select
    '{{ system }}' as source_system,
    '{{ stream }}' as stream,
    {{ timestamptz_to_utc('max(_loaded_at)') }} as last_loaded_at,  -- converted once: the latest is the latest in UTC
    {{ timestamptz_to_utc('max(modified_at)') }} as last_modified_at,
    count(*) as raw_rows
from {{ source('raw_' ~ system, stream) }}
{% if not loop.last %}union all{% endif %}
{% endfor %}
