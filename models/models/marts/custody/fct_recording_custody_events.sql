{#-
    The custody history of each recording, one row per event, in order (event_sequence 1..n),
    each row's event_hash chained to the previous event of the same recording:
    event_hash = sha256 hex of (previous_event_hash, '' for the first event) || '|' || the
    event's canonical fields (macro custody_event_hash_input). The chain is sequential by
    nature: macro custody_event_chain walks each recording's events in sequence
    (int_recording_custody_events_unioned.event_sequence): on DuckDB one CTE per position for
    the first positions (a recursive CTE's result is written to the table by a single thread;
    see the macro) and a recursive CTE beyond them; on BigQuery, whose recursion stops after 500
    iterations, a JavaScript function over each recording's events in order, defined by the
    model's sql_header (macro custody_event_chain_sql_header).

    The chain carries every output column, so its result is the model: joining it back to
    the events by custody_event_id cost a second pass over them (at 1M conversations, narrow
    links joined back measured no faster). The events are not materialised first (macro
    not_materialized): every link of the chain reads the table with its own filter.
    At 1M conversations (5.4M events) this halved the model's time.
-#}

{{ config(sql_header=custody_event_chain_sql_header()) }}

{{ custody_event_chain_with() }}

events as {{ not_materialized() }} (

    select * from {{ ref('int_recording_custody_events_unioned') }}

),

{{ custody_event_chain('events') }}

-- named, not *: the chain's last CTE is a union of CTEs whose columns SQLFluff cannot count
select
    -- ids
    custody_event_id,
    recording_id,
    conversation_id,
    actor_user_id,
    source_event_id,

    -- strings
    event_type,
    event_source,
    event_outcome,
    event_detail,
    event_hash,
    previous_event_hash,

    -- numerics
    event_sequence,

    -- timestamps
    event_at

from chained
