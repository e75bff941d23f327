{#- Every column of the relation in scope except `columns` (a list of names): DuckDB's
    `* exclude (...)`, BigQuery's `* except (...)`. -#}
{%- macro star_except(columns) -%}
    {{ return(adapter.dispatch('star_except', 'genesys_compliance')(columns)) }}
{%- endmacro -%}

{%- macro default__star_except(columns) -%}
    * except ({{ columns | join(', ') }})
{%- endmacro -%}

{%- macro duckdb__star_except(columns) -%}
    * exclude ({{ columns | join(', ') }})
{%- endmacro -%}
