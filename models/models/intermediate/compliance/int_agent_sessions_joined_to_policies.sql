-- The agent sessions that policy requires to be recorded: the ended agent sessions that a
-- call-policy version in effect when the conversation started matched on every condition
-- (int_agent_sessions_matched_to_policy_versions). When several policies match, the one that
-- also requires the screen wins, then the lowest policy order. A session that a policy
-- version may cover but whose conditions could not all be evaluated is kept, flagged
-- is_policy_undetermined (screen counted as required), never dropped and never matched as
-- "any" -- unless a determined match already settles it (a matched policy requiring the
-- screen, or a matched one without the screen when no undetermined policy requires it).
-- Conversations still in progress (no conversation end) are not final and are left out until
-- extracted again.
-- Incremental: a build re-processes int_conversations_to_rebuild
-- (macros/incremental/incremental_by_conversation.sql).
{{ config(**incremental_by_conversation(['agent_session_id'], 'inputs')) }}

with

policy_matches as (

    select * from {{ ref('int_agent_sessions_matched_to_policy_versions') }}
    {% if is_incremental() %}
        where conversation_id in ({{ conversations_to_rebuild('inputs') }})
    {% endif %}

),

-- every session a policy version in effect may cover, with its own columns
agent_sessions as (

    select distinct
        agent_session_id,
        conversation_id,
        participant_id,
        session_id,
        user_id,
        queue_id,
        connected_seconds,
        is_audio_reported,
        is_screen_reported,
        connected_started_at,
        connected_ended_at
    from policy_matches

),

matches_ranked as (

    select
        agent_session_id,
        policy_id,
        policy_version_id,
        is_screen_recording_initiated,
        row_number() over (
            partition by agent_session_id
            order by
                is_screen_recording_initiated desc,
                policy_order asc nulls last,
                policy_id asc
        ) as policy_rank
    from policy_matches
    where match_outcome = 'matched'

),

governing_policies as (

    select
        agent_session_id,
        policy_id,
        policy_version_id,
        is_screen_recording_initiated
    from matches_ranked
    where policy_rank = 1

),

undetermined_policies as (

    select
        agent_session_id,
        max(case when is_screen_recording_initiated then 1 else 0 end) = 1 as may_require_screen
    from policy_matches
    where match_outcome = 'undetermined'
    group by agent_session_id

),

sessions_in_scope as (

    select
        agent_sessions.*,
        governing_policies.policy_id,
        governing_policies.policy_version_id,
        governing_policies.is_screen_recording_initiated as is_screen_required_by_match,
        undetermined_policies.may_require_screen,
        undetermined_policies.agent_session_id is not null
        and (
            governing_policies.agent_session_id is null
            or (
                not governing_policies.is_screen_recording_initiated
                and undetermined_policies.may_require_screen
            )
        ) as is_policy_undetermined
    from agent_sessions
    left join governing_policies
        on agent_sessions.agent_session_id = governing_policies.agent_session_id
    left join undetermined_policies
        on agent_sessions.agent_session_id = undetermined_policies.agent_session_id
    where
        governing_policies.agent_session_id is not null
        or undetermined_policies.agent_session_id is not null

),

joined as (

    select
        -- ids
        agent_session_id,
        conversation_id,
        participant_id,
        session_id,
        user_id,
        queue_id,
        policy_id,
        policy_version_id,

        -- numerics
        connected_seconds,

        -- booleans
        is_audio_reported,
        is_screen_reported,
        case
            when is_policy_undetermined then true
            else is_screen_required_by_match
        end as is_screen_recording_required,
        is_policy_undetermined,

        -- timestamps
        connected_started_at,
        connected_ended_at

    from sessions_in_scope

)

select * from joined
