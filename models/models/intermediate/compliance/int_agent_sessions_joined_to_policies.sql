-- The agent sessions that policy requires to be recorded: an enabled retention policy has a
-- callPolicy condition whose direction matches the conversation's originating direction (or
-- is "any") and whose queue matches the session's queue (or is "any"). When several policies
-- match, the one that also requires the screen wins, then the lowest policy order.
with

agent_sessions as (

    select * from {{ ref('int_agent_sessions_summarised') }}

),

conversations as (

    select * from {{ ref('stg_genesys__conversations') }}

),

retention_policies as (

    select * from {{ ref('stg_genesys__retention_policies') }}

),

retention_policy_conditions as (

    select * from {{ ref('stg_genesys__retention_policy_conditions') }}

),

enabled_call_policy_conditions as (

    select
        retention_policy_conditions.policy_id,
        retention_policy_conditions.queue_id,
        upper(retention_policy_conditions.conversation_direction) as conversation_direction,
        retention_policies.policy_order,
        coalesce(retention_policies.is_screen_recording_initiated, false)
            as is_screen_recording_initiated
    from retention_policy_conditions
    inner join retention_policies
        on retention_policy_conditions.policy_id = retention_policies.policy_id
    where
        retention_policies.is_enabled
        and retention_policy_conditions.media_policy = 'callPolicy'

),

agent_sessions_matched_to_policies as (

    select
        agent_sessions.agent_session_id,
        enabled_call_policy_conditions.policy_id,
        enabled_call_policy_conditions.is_screen_recording_initiated,
        row_number() over (
            partition by agent_sessions.agent_session_id
            order by
                enabled_call_policy_conditions.is_screen_recording_initiated desc,
                enabled_call_policy_conditions.policy_order asc nulls last,
                enabled_call_policy_conditions.policy_id asc
        ) as policy_rank
    from agent_sessions
    inner join conversations
        on agent_sessions.conversation_id = conversations.conversation_id
    inner join enabled_call_policy_conditions
        on
            (
                enabled_call_policy_conditions.conversation_direction is null
                or upper(conversations.originating_direction)
                = enabled_call_policy_conditions.conversation_direction
            )
            and (
                enabled_call_policy_conditions.queue_id is null
                or agent_sessions.queue_id = enabled_call_policy_conditions.queue_id
            )

),

governing_policies as (

    select
        agent_session_id,
        policy_id,
        is_screen_recording_initiated
    from agent_sessions_matched_to_policies
    where policy_rank = 1

),

joined as (

    select
        -- ids
        agent_sessions.agent_session_id,
        agent_sessions.conversation_id,
        agent_sessions.participant_id,
        agent_sessions.session_id,
        agent_sessions.user_id,
        agent_sessions.queue_id,
        governing_policies.policy_id,

        -- numerics
        agent_sessions.connected_seconds,

        -- booleans
        agent_sessions.is_audio_reported,
        agent_sessions.is_screen_reported,
        governing_policies.is_screen_recording_initiated as is_screen_recording_required,

        -- timestamps
        agent_sessions.connected_started_at,
        agent_sessions.connected_ended_at

    from agent_sessions
    inner join governing_policies
        on agent_sessions.agent_session_id = governing_policies.agent_session_id

)

select * from joined
