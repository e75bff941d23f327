{#-
    The latest observation of each key of an append-only raw relation: the row with the
    greatest _extracted_at, ties broken by the greatest _file_id. Emits a whole select
    statement, to be used as the body of a CTE. `relation` is the raw relation itself
    (source(...)), not a CTE: the DuckDB version reads it more than once, and DuckDB would
    materialise a CTE read more than once.
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

{#-
    DuckDB: ranking every row with a window sorts the whole relation, full width, and spills
    far past a small memory limit (over three minutes for 3.7 million segments at 512 MB).
    Only keys observed more than once need ranking. A 64-bit hash of the key finds them with a
    hash table of integers; the rows of every other key pass straight through (anti join),
    and the rows of repeated keys are ranked by the key itself, so a hash collision only sends
    a few more rows to the exact ranking and never merges two keys.
-#}
{%- macro duckdb__latest_observation(relation, key_columns) -%}
    {%- set key_hash -%}
        hash({{ key_columns | join(', ') }})
    {%- endset -%}
    {%- set observation_key_hash -%}
        hash(observations.{{ key_columns | join(', observations.') }})
    {%- endset -%}
    {%- set repeated_keys -%}
        select {{ key_hash }} as key_hash
        from {{ relation }}
        group by key_hash
        having count(*) > 1
    {%- endset -%}
    select observations.*
    from {{ relation }} as observations
    anti join ({{ repeated_keys }}) as repeated_keys
        on {{ observation_key_hash }} = repeated_keys.key_hash
    union all
    (
        select observations.*
        from {{ relation }} as observations
        semi join ({{ repeated_keys }}) as repeated_keys
            on {{ observation_key_hash }} = repeated_keys.key_hash
        qualify row_number() over (
            partition by observations.{{ key_columns | join(', observations.') }}
            order by observations._extracted_at desc, observations._file_id desc
        ) = 1
    )
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
