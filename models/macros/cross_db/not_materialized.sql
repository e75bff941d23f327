{#-
    Written between `name as` and the body of a CTE that a query names more than once, so that
    each reference reads the underlying relation itself: `events as {{ not_materialized() }} (`.
    DuckDB otherwise materialises such a CTE first, every column of every row, before any
    filter or column pruning of the CTEs that read it (at 1M conversations, a copy of 5.4M
    custody events that took two thirds of int_recording_custody_events_aggregated_to_recordings).
    BigQuery inlines every CTE and has no such keyword: nothing is written there.
-#}
{%- macro not_materialized() -%}
    {{ return(adapter.dispatch('not_materialized', 'genesys_compliance')()) }}
{%- endmacro -%}

{%- macro default__not_materialized() -%}
{%- endmacro -%}

{%- macro duckdb__not_materialized() -%}
    not materialized
{%- endmacro -%}
