-- One row per month and currency: how many units of the company currency one unit of the currency is worth
-- (the rate used for amounts closed in that month).
with source as (
    {{ latest_versions(source('raw_files', 'fx_rates')) }}
),

renamed as (
    select
        {{ text_to_date(json_extract_text('payload', 'month')) }} as rate_month,
        upper({{ csv_field('currency') }}) as currency_code,
        {{ to_numeric(csv_field('rate')) }} as rate_to_company_currency,
        {{ timestamptz_to_utc('_loaded_at') }} as loaded_at,
        _load_id as load_id
    from source
)

select * from renamed
