-- One row per conversation with the Architect flow of its first IVR session (the flow that
-- runs the screen-pop data action before the call is routed).
-- Incremental: a build re-processes int_conversations_to_rebuild
-- (macros/incremental/incremental_by_conversation.sql).
-- depends_on: {{ ref('int_conversations_to_rebuild') }}
{{ config(**incremental_by_conversation(['conversation_id'], 'inputs')) }}

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

ivr_sessions as (

    select
        sessions.conversation_id,
        sessions.participant_id,
        sessions.session_id,
        sessions.flow_id,
        sessions.flow_name,
        sessions.flow_version
    from sessions
    inner join participants
        on
            sessions.conversation_id = participants.conversation_id
            and sessions.participant_id = participants.participant_id
    where
        participants.purpose = 'ivr'
        and sessions.flow_name is not null

),

-- only the IVR sessions' segments: grouping every segment would hold every session's key
ivr_session_starts as (

    select
        segments.conversation_id,
        segments.participant_id,
        segments.session_id,
        min(segments.segment_started_at) as session_started_at
    from segments
    inner join ivr_sessions
        on
            segments.conversation_id = ivr_sessions.conversation_id
            and segments.participant_id = ivr_sessions.participant_id
            and segments.session_id = ivr_sessions.session_id
    group by segments.conversation_id, segments.participant_id, segments.session_id

),

ivr_sessions_ranked as (

    select
        ivr_sessions.conversation_id,
        ivr_sessions.flow_id,
        ivr_sessions.flow_name,
        ivr_sessions.flow_version,
        row_number() over (
            partition by ivr_sessions.conversation_id
            order by
                ivr_session_starts.session_started_at asc nulls last,
                ivr_sessions.participant_id asc,
                ivr_sessions.session_id asc
        ) as ivr_session_rank
    from ivr_sessions
    left join ivr_session_starts
        on
            ivr_sessions.conversation_id = ivr_session_starts.conversation_id
            and ivr_sessions.participant_id = ivr_session_starts.participant_id
            and ivr_sessions.session_id = ivr_session_starts.session_id

),

first_ivr_flows as (

    select
        conversation_id,
        flow_id,
        flow_name,
        flow_version
    from ivr_sessions_ranked
    where ivr_session_rank = 1

)

select * from first_ivr_flows
