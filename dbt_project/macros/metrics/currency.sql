{#- An amount in the company currency (var company_currency): as is when already in it, else times the rate of
    the chosen month (stg_files__fx_rates.rate_to_company_currency; NULL when the rate is missing). -#}
{% macro in_company_currency(amount, currency_code, rate) -%}
    cast({{ amount }} * case when {{ currency_code }} = '{{ var('company_currency') }}' then 1 else {{ rate }} end
         as {{ dbt.type_numeric() }})
{%- endmacro %}
