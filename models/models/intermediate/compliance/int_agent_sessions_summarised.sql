-- One row per connected voice session of an agent participant: who, which queue, when the
-- agent was connected (the interact segments), and what analytics reported as recorded.
-- Incremental: a build re-processes int_conversations_to_rebuild
-- (macros/incremental/incremental_by_conversation.sql).
-- depends_on: {{ ref('int_conversations_to_rebuild') }}
{{ config(**incremental_by_conversation(['agent_session_id'], 'inputs')) }}

with

participants as (

    select * from {{ ref('stg_genesys__participants') }}
    {% if is_incremental() %}
        where conversation_id in ({{ conversations_to_rebuild('inputs') }})
    {% endif %}

),

sessions as (

    select * from {{ ref('stg_genesys__sessions') }}
    {% if is_incremental() %}
        where conversation_id in ({{ conversations_to_rebuild('inputs') }})
    {% endif %}

),

segments as (

    select * from {{ ref('stg_genesys__segments') }}
    {% if is_incremental() %}
        where conversation_id in ({{ conversations_to_rebuild('inputs') }})
    {% endif %}

),

agent_voice_sessions as (

    select
        sessions.conversation_id,
        sessions.participant_id,
        sessions.session_id,
        participants.user_id,
        coalesce(sessions.is_audio_reported, false) as is_audio_reported,
        coalesce(participants.is_screen_reported, false) as is_screen_reported
    from sessions
    inner join participants
        on
            sessions.conversation_id = participants.conversation_id
            and sessions.participant_id = participants.participant_id
    where
        participants.purpose = 'agent'
        and sessions.media_type = 'voice'

),

interact_segments as (

    select
        conversation_id,
        participant_id,
        session_id,
        queue_id,
        segment_index,
        segment_started_at,
        segment_ended_at
    from segments
    where segment_type = 'interact'

),

-- The connected span and the queue of the first interact segment that names one (ordered by
-- start, then position), in one group by.
connected_intervals as (

    select
        conversation_id,
        participant_id,
        session_id,
        min(segment_started_at) as connected_started_at,
        max(segment_ended_at) as connected_ended_at,
        {{ first_by('queue_id', ['segment_started_at', 'segment_index']) }} as first_queue_id
    from interact_segments
    group by conversation_id, participant_id, session_id

),

summarised as (

    select
        -- ids
        {{ surrogate_key([
            'agent_voice_sessions.conversation_id',
            'agent_voice_sessions.participant_id',
            'agent_voice_sessions.session_id'
        ]) }} as agent_session_id,
        agent_voice_sessions.conversation_id,
        agent_voice_sessions.participant_id,
        agent_voice_sessions.session_id,
        agent_voice_sessions.user_id,
        connected_intervals.first_queue_id as queue_id,

        -- numerics
        {{ seconds_between(
            'connected_intervals.connected_started_at',
            'connected_intervals.connected_ended_at'
        ) }} as connected_seconds,

        -- booleans
        agent_voice_sessions.is_audio_reported,
        agent_voice_sessions.is_screen_reported,

        -- timestamps
        connected_intervals.connected_started_at,
        connected_intervals.connected_ended_at

    from agent_voice_sessions
    -- an agent who never connected (alerted, no answer) has nothing to record
    inner join connected_intervals
        on
            agent_voice_sessions.conversation_id = connected_intervals.conversation_id
            and agent_voice_sessions.participant_id = connected_intervals.participant_id
            and agent_voice_sessions.session_id = connected_intervals.session_id

)

select * from summarised
