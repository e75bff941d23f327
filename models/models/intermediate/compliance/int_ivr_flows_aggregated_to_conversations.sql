-- One row per conversation with the Architect flow of its first IVR session (the flow that
-- runs the screen-pop data action before the call is routed).
with

participants as (

    select * from {{ ref('stg_genesys__participants') }}

),

sessions as (

    select * from {{ ref('stg_genesys__sessions') }}

),

segments as (

    select * from {{ ref('stg_genesys__segments') }}

),

session_starts as (

    select
        conversation_id,
        participant_id,
        session_id,
        min(segment_started_at) as session_started_at
    from segments
    group by conversation_id, participant_id, session_id

),

ivr_sessions_ranked as (

    select
        sessions.conversation_id,
        sessions.flow_id,
        sessions.flow_name,
        sessions.flow_version,
        row_number() over (
            partition by sessions.conversation_id
            order by
                session_starts.session_started_at asc nulls last,
                sessions.participant_id asc,
                sessions.session_id asc
        ) as ivr_session_rank
    from sessions
    inner join participants
        on
            sessions.conversation_id = participants.conversation_id
            and sessions.participant_id = participants.participant_id
    left join session_starts
        on
            sessions.conversation_id = session_starts.conversation_id
            and sessions.participant_id = session_starts.participant_id
            and sessions.session_id = session_starts.session_id
    where
        participants.purpose = 'ivr'
        and sessions.flow_name is not null

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
