-- One row per employee and review cycle: the rating (1-5) their manager gave, from the ratings CSV.
with source as (
    {{ latest_versions(source('raw_files', 'ratings')) }}
),

renamed as (
    select
        {{ csv_field('employee_id') }} as employee_id,
        {{ csv_field('cycle') }} as review_cycle,
        {{ to_int(csv_field('rating')) }} as rating,
        {{ csv_field('manager_id') }} as manager_id,
        {{ to_utc_timestamp(csv_field('recorded_at')) }} as recorded_at,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select * from renamed
