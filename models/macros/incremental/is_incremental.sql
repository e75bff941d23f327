{#-
    dbt's is_incremental(), except under `dbt compile --no-populate-cache`, the offline check
    of the BigQuery SQL (README): there dbt's macro would ask the warehouse whether the model's
    table exists (a BigQuery API call, retried for minutes without a connection), so the
    incremental SQL is rendered without asking: it is the full-refresh SQL plus the filters on
    the conversations to rebuild, so compiling it checks both.
-#}
{%- macro is_incremental() -%}
    {%- if execute and flags.WHICH == 'compile' and not flags.POPULATE_CACHE -%}
        {{ return(model.config.materialized == 'incremental') }}
    {%- endif -%}
    {{ return(dbt.is_incremental()) }}
{%- endmacro -%}
