{#-
    The custody history of each recording, one row per event, in order (event_sequence 1..n),
    each row's event_hash chained to the previous event of the same recording:
    event_hash = sha256 hex of (previous_event_hash, '' for the first event) || '|' || the
    event's canonical fields (macro custody_event_hash_input). A recursive CTE walks each
    recording's events in sequence (int_recording_custody_events_unioned.event_sequence; the
    chain is sequential by nature).

    The recursion carries every output column, so its result is the model: joining it back to
    the events by custody_event_id cost a second pass over them. The events are not
    materialised first (macro not_materialized): both members of the recursion read the table.
    At 1M conversations (5.4M events) this halved the model's time.
-#}

with recursive

events as {{ not_materialized() }} (

    select * from {{ ref('int_recording_custody_events_unioned') }}

),

chained as (

    select
        -- ids
        events.custody_event_id,
        events.recording_id,
        events.conversation_id,
        events.actor_user_id,
        events.source_event_id,

        -- strings
        events.event_type,
        events.event_source,
        events.event_outcome,
        events.event_detail,
        {{ sha256_hex(custody_event_hash_input("''", 'events.')) }} as event_hash,
        cast(null as {{ dbt.type_string() }}) as previous_event_hash,

        -- numerics
        cast(events.event_sequence as {{ dbt.type_bigint() }}) as event_sequence,

        -- timestamps
        events.event_at

    from events
    where events.event_sequence = 1

    union all

    select
        events.custody_event_id,
        events.recording_id,
        events.conversation_id,
        events.actor_user_id,
        events.source_event_id,
        events.event_type,
        events.event_source,
        events.event_outcome,
        events.event_detail,
        {{ sha256_hex(custody_event_hash_input('chained.event_hash', 'events.')) }}
            as event_hash,
        chained.event_hash as previous_event_hash,
        cast(events.event_sequence as {{ dbt.type_bigint() }}) as event_sequence,
        events.event_at
    from events
    inner join chained
        on
            events.recording_id = chained.recording_id
            and events.event_sequence = chained.event_sequence + 1

)

select * from chained
