{#-
    The raw zone is append-only: every load adds rows, nothing is rewritten. Staging sees, per key, the
    version with the latest vendor modification time (then the latest load, then the latest batch), and
    drops the key when that version is a deletion (unless `keep_deleted`: reference data such as archived CRM
    owners, which old records still point at; the caller then reads `is_deleted`).

    `partition_by` is the record's identity: the vendor key by default; a snapshot history passes the key
    and the snapshot date, so each date keeps its own last version.
-#}
{% macro latest_versions(raw_relation, partition_by=['record_key'], keep_deleted=false) %}
    select *
    from (
        -- payload is parsed here, once per row (on engines where that is a step: parse_json), not once per field
        select
            raw_rows._load_id,
            raw_rows._loaded_at,
            raw_rows._batch,
            raw_rows.record_key,
            raw_rows.modified_at,
            raw_rows.is_deleted,
            {{ parse_json('raw_rows.payload') }} as payload,
            row_number() over (
                partition by {{ partition_by | join(', ') }}
                order by modified_at desc nulls last, _loaded_at desc, _load_id desc, _batch desc
            ) as version_rank
        from {{ raw_relation }} as raw_rows
    ) as ranked_versions
    where version_rank = 1{% if not keep_deleted %} and not is_deleted{% endif %}
{% endmacro %}
