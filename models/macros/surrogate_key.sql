{#-
    A deterministic string key from several columns: the hex MD5 of the columns joined with
    '|', nulls spelled '_null_'. Built from dbt's cross-database hash and type macros and
    concat_not_null (dbt.concat but on DuckDB), so DuckDB and BigQuery produce the same value
    for the same input.
-#}
{%- macro surrogate_key(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append(
            "coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '_null_')"
        ) -%}
        {%- if not loop.last -%}{%- do parts.append("'|'") -%}{%- endif -%}
    {%- endfor -%}
    {{ dbt.hash(concat_not_null(parts)) }}
{%- endmacro -%}
