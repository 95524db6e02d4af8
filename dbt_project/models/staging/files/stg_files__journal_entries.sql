-- One row per journal entry: SBI feedback (situation, behaviour, impact) or a milestone, from the journal CSV.
with source as (
    {{ latest_versions(source('raw_files', 'journal')) }}
),

renamed as (
    select
        {{ csv_field('entry_id') }} as entry_id,
        {{ csv_field('employee_id') }} as employee_id,
        {{ csv_field('author_id') }} as author_id,
        {{ text_to_date(json_extract_text('payload', 'entry_date')) }} as entry_date,
        {{ csv_field('kind') }} as entry_kind,
        {{ csv_field('situation') }} as situation,
        {{ csv_field('behaviour') }} as behaviour,
        {{ csv_field('impact') }} as impact,
        {{ to_utc_timestamp(csv_field('recorded_at')) }} as recorded_at,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select * from renamed
