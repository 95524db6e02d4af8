{#- A goal's filters (source, project, region, product line, channel; NULL = no filter) against a fact's own
    columns of the same meaning: the one definition of "passes the goal's filters". -#}
{% macro goal_filters_match(goal, fact) -%}
    ({{ goal }}.filter_source is null or {{ fact }}.source_system = {{ goal }}.filter_source)
        and ({{ goal }}.filter_project is null or {{ fact }}.project_key = {{ goal }}.filter_project)
        and ({{ goal }}.filter_region is null or {{ fact }}.region = {{ goal }}.filter_region)
        and ({{ goal }}.filter_product_line is null or {{ fact }}.product_line = {{ goal }}.filter_product_line)
        and ({{ goal }}.filter_channel is null or {{ fact }}.channel = {{ goal }}.filter_channel)
{%- endmacro %}
