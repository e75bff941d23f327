{#-
    Incremental builds of the per-conversation models (README, "Incremental builds"). A build
    re-processes every conversation that an extraction within the look-back may have changed
    and leaves the others as they are: a pre-hook deletes every row of those conversations,
    then the model's body writes their rows again, merged on the model's own key. A child that
    a newer observation no longer carries therefore disappears, and a conversation that no
    longer yields a row loses its old ones. `dbt build --full-refresh` rebuilds from all history.
-#}

{#-
    The earliest _extracted_at a build re-processes: var incremental_lookback_hours before the
    latest extraction in `relation` (not before the clock, so a build long after the last load
    still re-processes that load).
-#}
{%- macro incremental_cutoff(relation) -%}
    {{ hours_before(
        '(select max(_extracted_at) from ' ~ relation ~ ')',
        var('incremental_lookback_hours')
    ) }}
{%- endmacro -%}

{#-
    The conversation ids an incremental build re-processes, as a select statement.
    scope 'observations': the conversations whose latest observation was extracted within
    the look-back (the staging models of its children: staging cannot read intermediate
    models). scope 'inputs': int_conversations_to_rebuild, every conversation an input of
    the compliance models changed (observation, recordings, reads, data-action hours).
-#}
{%- macro conversations_to_rebuild(scope) -%}
    {%- if scope == 'observations' -%}
        select conversation_id
        from {{ ref('base_genesys__conversations') }}
        where _extracted_at >= {{ incremental_cutoff(ref('base_genesys__conversations')) }}
    {%- elif scope == 'inputs' -%}
        select conversation_id from {{ conversations_to_rebuild_relation() }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("conversations_to_rebuild: unknown scope " ~ scope) }}
    {%- endif -%}
{%- endmacro -%}

{#-
    int_conversations_to_rebuild, found in the graph rather than through ref(): only the first
    incremental models of the compliance chain (those with no incremental parent) name it, in a
    `depends_on` comment, and every model below them is built after it through those parents.
    A ref() in each of them would rejoin an upstream concept (dbt-project-evaluator).
    Only where the graph is loaded: on an incremental run, in a pre-hook.
-#}
{%- macro conversations_to_rebuild_relation() -%}
    {%- set node = graph.nodes.values()
        | selectattr('resource_type', 'equalto', 'model')
        | selectattr('name', 'equalto', 'int_conversations_to_rebuild')
        | first -%}
    {{ return(api.Relation.create(
        database=node.database, schema=node.schema, identifier=node.alias
    )) }}
{%- endmacro -%}

{#-
    The config of an incremental per-conversation model: `unique_key` is the model's own key,
    `scope` that of conversations_to_rebuild (the same set the model's body filters on). Both
    warehouses merge (DuckDB from 1.4 on); the merge never matches a row the pre-hook
    deleted, and its key keeps a row from being written twice. The pre-hook is rendered when
    it runs, where is_incremental() and ref() resolve.
-#}
{%- macro incremental_by_conversation(unique_key, scope) -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'merge',
        'unique_key': unique_key,
        'on_schema_change': 'fail',
        'pre_hook': "{% if is_incremental() %}delete from {{ this }} where conversation_id in ("
            ~ "{{ conversations_to_rebuild('" ~ scope ~ "') }}){% endif %}",
    }) }}
{%- endmacro -%}
