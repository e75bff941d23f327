{#-
    The latest observation of each key of an append-only raw relation: the row with the
    greatest _extracted_at, ties broken by the greatest _file_id. Emits a whole select
    statement, to be used as the body of a CTE.
-#}
{%- macro latest_observation(relation, key_columns) -%}
    {{ return(adapter.dispatch('latest_observation', 'genesys_compliance')(relation, key_columns)) }}
{%- endmacro -%}

{%- macro default__latest_observation(relation, key_columns) -%}
    select *
    from {{ relation }}
    qualify row_number() over (
        partition by {{ key_columns | join(', ') }}
        order by _extracted_at desc, _file_id desc
    ) = 1
{%- endmacro -%}

{#- BigQuery has accepted QUALIFY only alongside a WHERE, GROUP BY or HAVING clause. -#}
{%- macro bigquery__latest_observation(relation, key_columns) -%}
    select *
    from {{ relation }}
    where true
    qualify row_number() over (
        partition by {{ key_columns | join(', ') }}
        order by _extracted_at desc, _file_id desc
    ) = 1
{%- endmacro -%}
