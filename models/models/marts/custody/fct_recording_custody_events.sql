{#-
    The custody history of each recording, one row per event, in order (event_sequence 1..n),
    each row's event_hash chained to the previous event of the same recording:
    event_hash = sha256 hex of (previous_event_hash, '' for the first event) || '|' || the
    event's canonical fields (macro custody_event_hash_input). A recursive CTE walks each
    recording's events in sequence (int_recording_custody_events_unioned.event_sequence; the
    chain is sequential by nature).
-#}

with recursive

events as (

    select * from {{ ref('int_recording_custody_events_unioned') }}

),

-- Only the key, the position and the hashes go through the recursion: each step joins the
-- next event of every recording and hashes its fields straight from the table.
chained as (

    select
        events.custody_event_id,
        events.recording_id,
        events.event_sequence,
        cast(null as {{ dbt.type_string() }}) as previous_event_hash,
        {{ sha256_hex(custody_event_hash_input("''", 'events.')) }} as event_hash
    from events
    where events.event_sequence = 1

    union all

    select
        events.custody_event_id,
        events.recording_id,
        events.event_sequence,
        chained.event_hash as previous_event_hash,
        {{ sha256_hex(custody_event_hash_input('chained.event_hash', 'events.')) }}
            as event_hash
    from events
    inner join chained
        on
            events.recording_id = chained.recording_id
            and events.event_sequence = chained.event_sequence + 1

),

final as (

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
        chained.event_hash,
        chained.previous_event_hash,

        -- numerics
        cast(events.event_sequence as {{ dbt.type_bigint() }}) as event_sequence,

        -- timestamps
        events.event_at

    from events
    inner join chained
        on events.custody_event_id = chained.custody_event_id

)

select * from final
