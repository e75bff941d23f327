{#- Fails for each combination of the columns that occurs on more than one row. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

    {{ adapter.dispatch('test_unique_combination_of_columns', 'genesys_compliance')(
        model, combination_of_columns
    ) }}

{% endtest %}

{%- macro default__test_unique_combination_of_columns(model, combination_of_columns) -%}

    {%- set column_list = combination_of_columns | join(', ') %}

    select
        {{ column_list }},
        count(*) as occurrences
    from {{ model }}
    group by {{ column_list }}
    having count(*) > 1

{%- endmacro -%}

{#-
    DuckDB: grouping millions of rows by several string columns holds every combination in the
    hash table. Only the hashes of combinations seen more than once are kept; those rows alone
    are grouped by the columns themselves, so the result is exact.
-#}
{%- macro duckdb__test_unique_combination_of_columns(model, combination_of_columns) -%}

    {%- set column_list = combination_of_columns | join(', ') %}

    select
        {{ column_list }},
        count(*) as occurrences
    from {{ model }}
    where
        hash({{ column_list }}) in (
            select hash({{ column_list }}) as combination_hash
            from {{ model }}
            group by combination_hash
            having count(*) > 1
        )
    group by {{ column_list }}
    having count(*) > 1

{%- endmacro -%}
