{#-
    The canonical text of a custody event that its hash covers: the previous event's hash, then
    the event's fields joined with '|' (nulls spelled '_null_', timestamps as microseconds since
    the epoch so that DuckDB and BigQuery render them alike). Used by fct_recording_custody_events
    to build the chain and by the test that recomputes it; `prefix` qualifies the columns
    (e.g. 'events.').
-#}
{%- macro custody_event_hash_input(previous_hash, prefix='') -%}
    {%- set fields = [
        prefix ~ 'recording_id',
        prefix ~ 'conversation_id',
        prefix ~ 'event_sequence',
        prefix ~ 'event_type',
        prefix ~ 'event_source',
        prefix ~ 'event_outcome',
        prefix ~ 'actor_user_id',
        epoch_microseconds(prefix ~ 'event_at'),
        prefix ~ 'source_event_id',
        prefix ~ 'event_detail',
    ] -%}
    {%- set parts = ["coalesce(" ~ previous_hash ~ ", '')"] -%}
    {%- for field in fields -%}
        {%- do parts.append("'|'") -%}
        {%- do parts.append("coalesce(cast(" ~ field ~ " as " ~ dbt.type_string() ~ "), '_null_')") -%}
    {%- endfor -%}
    {{ concat_not_null(parts) }}
{%- endmacro -%}
