{#-
    The schema (BigQuery: dataset) each layer builds in. A layer's `+schema` in dbt_project.yml
    (`staging` for staging and intermediate, `marts` for the marts) is a key, resolved here to
    var('<key>_schema'), else the environment variable DBT_<KEY>_SCHEMA, else genesys_<key>,
    and used as is: dbt's default would prefix it with the target schema. Nodes without a
    `+schema` (tests, packages) stay in the target schema, where the loader keeps the raw tables.
-#}
{%- macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {%- set key = custom_schema_name | trim -%}
        {{ var(key ~ '_schema', env_var('DBT_' ~ (key | upper) ~ '_SCHEMA', 'genesys_' ~ key)) }}
    {%- endif -%}
{%- endmacro -%}
