{#-
    Recomputes the custody hash chain from the stored rows of fct_recording_custody_events and
    returns every event whose link does not hold: its event_hash is not the hash of its
    previous_event_hash and its own fields, its previous_event_hash is not the event_hash of the
    previous event of the recording (or not null for the first), or its sequence has a gap.
    Changing, inserting or deleting any event row makes this test fail.
    Each row's hash is recomputed before the window, so that only the key, the position and
    the hashes are sorted by recording, not every field of every event.
-#}

with

events as (

    select * from {{ ref('fct_recording_custody_events') }}

),

recomputed as (

    select
        custody_event_id,
        recording_id,
        event_sequence,
        event_hash,
        previous_event_hash,
        {{ sha256_hex(custody_event_hash_input('previous_event_hash')) }}
            as recomputed_event_hash
    from events

),

linked as (

    select
        *,
        lag(event_hash) over (
            partition by recording_id order by event_sequence
        ) as expected_previous_event_hash,
        row_number() over (
            partition by recording_id order by event_sequence
        ) as expected_event_sequence
    from recomputed

)

select
    custody_event_id,
    recording_id,
    event_sequence,
    event_hash,
    recomputed_event_hash
from linked
where
    event_hash is distinct from recomputed_event_hash
    or previous_event_hash is distinct from expected_previous_event_hash
    or event_sequence <> expected_event_sequence
