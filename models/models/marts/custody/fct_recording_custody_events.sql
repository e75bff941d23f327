{#-
    The custody history of each recording, one row per event, in order (event_sequence 1..n),
    each row's event_hash chained to the previous event of the same recording:
    event_hash = sha256 hex of (previous_event_hash, '' for the first event) || '|' || the
    event's canonical fields (macro custody_event_hash_input). A recursive CTE walks each
    recording's events in sequence (the chain is sequential by nature).
-#}

with recursive

events as (

    select * from {{ ref('int_recording_custody_events_unioned') }}

),

sequenced as (

    select
        custody_event_id,
        recording_id,
        conversation_id,
        source_event_id,
        actor_user_id,
        event_type,
        event_source,
        event_outcome,
        event_detail,
        event_at,
        row_number() over (
            partition by recording_id
            order by event_at, source_rank, event_type, source_event_id, custody_event_id
        ) as event_sequence
    from events

),

chained as (

    select
        sequenced.custody_event_id,
        sequenced.recording_id,
        sequenced.conversation_id,
        sequenced.source_event_id,
        sequenced.actor_user_id,
        sequenced.event_type,
        sequenced.event_source,
        sequenced.event_outcome,
        sequenced.event_detail,
        sequenced.event_at,
        sequenced.event_sequence,
        cast(null as {{ dbt.type_string() }}) as previous_event_hash,
        {{ sha256_hex(custody_event_hash_input("''", 'sequenced.')) }} as event_hash
    from sequenced
    where sequenced.event_sequence = 1

    union all

    select
        sequenced.custody_event_id,
        sequenced.recording_id,
        sequenced.conversation_id,
        sequenced.source_event_id,
        sequenced.actor_user_id,
        sequenced.event_type,
        sequenced.event_source,
        sequenced.event_outcome,
        sequenced.event_detail,
        sequenced.event_at,
        sequenced.event_sequence,
        chained.event_hash as previous_event_hash,
        {{ sha256_hex(custody_event_hash_input('chained.event_hash', 'sequenced.')) }}
            as event_hash
    from sequenced
    inner join chained
        on
            sequenced.recording_id = chained.recording_id
            and sequenced.event_sequence = chained.event_sequence + 1

),

final as (

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
        cast(event_sequence as {{ dbt.type_bigint() }}) as event_sequence,

        -- timestamps
        event_at

    from chained

)

select * from final
