-- One row per agent session with the recordings that evidence it (null when none).
-- Audio: the recording metadata gives audio no start or end, so the match is by conversation:
-- the conversation's best audio recording. Screen: the conversation's screen recordings whose
-- [start, end] overlaps the agent's connected interval (or whose times are unknown); the best
-- one per session. Best = verified file state first, then pending, then failed; then the
-- largest overlap; then the recording id, so the choice is deterministic.
-- Incremental: a build re-processes int_conversations_to_rebuild
-- (macros/incremental/incremental_by_conversation.sql).
{{ config(**incremental_by_conversation(['agent_session_id'], 'inputs')) }}

with

agent_sessions as (

    select * from {{ ref('int_agent_sessions_summarised') }}
    {% if is_incremental() %}
        where conversation_id in ({{ conversations_to_rebuild('inputs') }})
    {% endif %}

),

recordings as (

    select * from {{ ref('stg_genesys__recordings') }}
    {% if is_incremental() %}
        where conversation_id in ({{ conversations_to_rebuild('inputs') }})
    {% endif %}

),

recordings_categorised as (

    select
        recording_id,
        conversation_id,
        recording_medium,
        file_state,
        case {{ recording_file_state_category('file_state') }}
            when 'verified' then 1
            when 'pending' then 2
            else 3
        end as file_state_rank,
        recording_started_at,
        recording_ended_at
    from recordings
    where recording_medium in ('audio', 'screen')

),

audio_recordings_ranked as (

    select
        conversation_id,
        recording_id,
        file_state,
        row_number() over (
            partition by conversation_id
            order by file_state_rank asc, recording_id asc
        ) as audio_rank
    from recordings_categorised
    where recording_medium = 'audio'

),

best_audio_recordings as (

    select
        conversation_id,
        recording_id,
        file_state
    from audio_recordings_ranked
    where audio_rank = 1

),

screen_recordings_overlapping_sessions as (

    select
        agent_sessions.agent_session_id,
        recordings_categorised.recording_id,
        recordings_categorised.file_state,
        recordings_categorised.file_state_rank,
        recordings_categorised.recording_started_at,
        recordings_categorised.recording_ended_at,
        {{ interval_overlap_seconds(
            'recordings_categorised.recording_started_at',
            'recordings_categorised.recording_ended_at',
            'agent_sessions.connected_started_at',
            'agent_sessions.connected_ended_at'
        ) }} as overlap_seconds
    from agent_sessions
    inner join recordings_categorised
        on agent_sessions.conversation_id = recordings_categorised.conversation_id
    where recordings_categorised.recording_medium = 'screen'

),

screen_recordings_ranked as (

    select
        agent_session_id,
        recording_id,
        file_state,
        recording_started_at,
        recording_ended_at,
        row_number() over (
            partition by agent_session_id
            order by
                file_state_rank asc,
                overlap_seconds desc nulls last,
                recording_id asc
        ) as screen_rank
    from screen_recordings_overlapping_sessions
    -- unknown times cannot be placed in time, so they stay candidates
    where overlap_seconds is null or overlap_seconds > 0

),

best_screen_recordings as (

    select
        agent_session_id,
        recording_id,
        file_state,
        recording_started_at,
        recording_ended_at
    from screen_recordings_ranked
    where screen_rank = 1

),

matched as (

    select
        -- ids
        agent_sessions.agent_session_id,
        agent_sessions.conversation_id,
        agent_sessions.participant_id,
        agent_sessions.session_id,
        best_audio_recordings.recording_id as audio_recording_id,
        best_screen_recordings.recording_id as screen_recording_id,

        -- strings
        best_audio_recordings.file_state as audio_file_state,
        best_screen_recordings.file_state as screen_file_state,

        -- timestamps
        best_screen_recordings.recording_started_at as screen_recording_started_at,
        best_screen_recordings.recording_ended_at as screen_recording_ended_at

    from agent_sessions
    left join best_audio_recordings
        on agent_sessions.conversation_id = best_audio_recordings.conversation_id
    left join best_screen_recordings
        on agent_sessions.agent_session_id = best_screen_recordings.agent_session_id

)

select * from matched
