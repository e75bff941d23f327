-- The agent sessions that policy requires to be recorded: an enabled retention policy has a
-- callPolicy condition whose direction matches the conversation's originating direction (or
-- is "any") and whose queue matches the session's queue (or is "any"). When several policies
-- match, the one that also requires the screen wins, then the lowest policy order.
-- A session of a conversation whose originating direction is unknown (outside the documented
-- enum, or absent) cannot be matched: it is kept with no policy and flagged
-- is_policy_undetermined (screen counted as required), never dropped. Conversations still in
-- progress (no conversation end) are not final and are left out until extracted again.
with

agent_sessions as (

    select * from {{ ref('int_agent_sessions_summarised') }}

),

conversations as (

    select * from {{ ref('stg_genesys__conversations') }}

),

ended_agent_sessions as (

    select
        agent_sessions.*,
        conversations.originating_direction,
        coalesce(conversations.is_originating_direction_known, false)
            as is_originating_direction_known
    from agent_sessions
    inner join conversations
        on agent_sessions.conversation_id = conversations.conversation_id
    where conversations.conversation_ended_at is not null

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
        ended_agent_sessions.agent_session_id,
        enabled_call_policy_conditions.policy_id,
        enabled_call_policy_conditions.is_screen_recording_initiated,
        row_number() over (
            partition by ended_agent_sessions.agent_session_id
            order by
                enabled_call_policy_conditions.is_screen_recording_initiated desc,
                enabled_call_policy_conditions.policy_order asc nulls last,
                enabled_call_policy_conditions.policy_id asc
        ) as policy_rank
    from ended_agent_sessions
    inner join enabled_call_policy_conditions
        on
            (
                enabled_call_policy_conditions.conversation_direction is null
                or upper(ended_agent_sessions.originating_direction)
                = enabled_call_policy_conditions.conversation_direction
            )
            and (
                enabled_call_policy_conditions.queue_id is null
                or ended_agent_sessions.queue_id = enabled_call_policy_conditions.queue_id
            )
    where ended_agent_sessions.is_originating_direction_known

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
        ended_agent_sessions.agent_session_id,
        ended_agent_sessions.conversation_id,
        ended_agent_sessions.participant_id,
        ended_agent_sessions.session_id,
        ended_agent_sessions.user_id,
        ended_agent_sessions.queue_id,
        governing_policies.policy_id,

        -- numerics
        ended_agent_sessions.connected_seconds,

        -- booleans
        ended_agent_sessions.is_audio_reported,
        ended_agent_sessions.is_screen_reported,
        coalesce(governing_policies.is_screen_recording_initiated, true)
            as is_screen_recording_required,
        not ended_agent_sessions.is_originating_direction_known as is_policy_undetermined,

        -- timestamps
        ended_agent_sessions.connected_started_at,
        ended_agent_sessions.connected_ended_at

    from ended_agent_sessions
    left join governing_policies
        on ended_agent_sessions.agent_session_id = governing_policies.agent_session_id
    where
        governing_policies.agent_session_id is not null
        or not ended_agent_sessions.is_originating_direction_known

)

select * from joined
