-- The conversations an incremental build of the compliance models re-processes (README,
-- "Incremental builds"): every conversation an input of theirs changed within the look-back
-- (var incremental_lookback_hours before the latest extraction of that input): its own
-- observation (participants, sessions, segments, attributes come with it), a recording's
-- metadata, its recording reads, or the data-action aggregates of the UTC hour it started in.
-- Late data (an earlier window extracted again by a backfill) carries a new _extracted_at and
-- is re-processed like any other. A full refresh ignores this model.
with

conversations as (

    select * from {{ ref('stg_genesys__conversations') }}

),

recordings as (

    select * from {{ ref('stg_genesys__recordings') }}

),

recording_reads as (

    select * from {{ ref('stg_genesys__recording_reads') }}

),

data_action_aggregates as (

    select * from {{ ref('stg_genesys__data_action_aggregates') }}

),

observed_conversations as (

    select conversation_id
    from conversations
    where _extracted_at >= {{ incremental_cutoff(ref('stg_genesys__conversations')) }}

),

observed_recordings as (

    select conversation_id
    from recordings
    where
        conversation_id is not null
        and _extracted_at >= {{ incremental_cutoff(ref('stg_genesys__recordings')) }}

),

observed_reads as (

    select conversation_id
    from recording_reads
    where _extracted_at >= {{ incremental_cutoff(ref('stg_genesys__recording_reads')) }}

),

observed_data_action_hours as (

    select distinct {{ truncate_to_utc_hour('interval_started_at') }} as hour_started_at
    from data_action_aggregates
    where _extracted_at >= {{ incremental_cutoff(ref('stg_genesys__data_action_aggregates')) }}

),

conversations_in_observed_hours as (

    select conversations.conversation_id
    from conversations
    inner join observed_data_action_hours
        on
            {{ truncate_to_utc_hour('conversations.conversation_started_at') }}
            = observed_data_action_hours.hour_started_at

),

unioned as (

    select conversation_id from observed_conversations
    union distinct
    select conversation_id from observed_recordings
    union distinct
    select conversation_id from observed_reads
    union distinct
    select conversation_id from conversations_in_observed_hours

)

select conversation_id from unioned
