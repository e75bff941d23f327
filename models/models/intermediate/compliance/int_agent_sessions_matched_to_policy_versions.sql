-- One row per ended agent session and call-policy version in effect when its conversation
-- started (valid_from <= conversation start < valid_to, the version not known disabled), with
-- the outcome of matching every condition of that version:
--   matched       every condition holds (a condition type holds when one of its values does);
--   not_matched   every condition could be evaluated and one does not hold;
--   undetermined  a condition could not be evaluated: its value could not be read (an unknown
--                 shape, an unsupported condition, a change the audit trail does not detail),
--                 the interaction lacks the data (no known direction, queue, user, wrap-up code
--                 or language), or the version itself is unknown (unaudited modification,
--                 unreadable enabled flag). Never read as "any".
-- Conditions: direction (the conversation's originating direction), queue (the agent's queue),
-- user (the agent), wrap-up code (the agent session's), language (the conversation's requested
-- language), date range (conversation start in [start, end)), time slot (the start's local day
-- of week and time of day in the policy's time zone within [start, stop)).
-- The session's own columns ride along, for int_agent_sessions_joined_to_policies.
-- Incremental: a build re-processes int_conversations_to_rebuild
-- (macros/incremental/incremental_by_conversation.sql).
{{ config(**incremental_by_conversation(['agent_session_policy_version_id'], 'inputs')) }}

with

agent_sessions as (

    select * from {{ ref('int_agent_sessions_summarised') }}
    {% if is_incremental() %}
        where conversation_id in ({{ conversations_to_rebuild('inputs') }})
    {% endif %}

),

conversations as (

    select * from {{ ref('stg_genesys__conversations') }}
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

policy_versions as (

    select * from {{ ref('int_retention_policy_versions') }}

),

policy_conditions as (

    select * from {{ ref('int_retention_policy_conditions_versioned') }}

),

wrap_up_codes_ranked as (

    select
        conversation_id,
        participant_id,
        session_id,
        wrap_up_code,
        row_number() over (
            partition by conversation_id, participant_id, session_id
            order by segment_started_at desc, segment_index desc
        ) as wrap_up_rank
    from segments
    where wrap_up_code is not null

),

languages_ranked as (

    select
        conversation_id,
        requested_language_id,
        row_number() over (
            partition by conversation_id
            order by segment_started_at asc, participant_id asc, session_id asc, segment_index asc
        ) as language_rank
    from segments
    where requested_language_id is not null

),

ended_agent_sessions as (

    select
        agent_sessions.agent_session_id,
        agent_sessions.conversation_id,
        agent_sessions.participant_id,
        agent_sessions.session_id,
        agent_sessions.user_id,
        agent_sessions.queue_id,
        agent_sessions.connected_seconds,
        agent_sessions.is_audio_reported,
        agent_sessions.is_screen_reported,
        agent_sessions.connected_started_at,
        agent_sessions.connected_ended_at,
        wrap_up_codes_ranked.wrap_up_code,
        languages_ranked.requested_language_id,
        upper(conversations.originating_direction) as originating_direction,
        coalesce(conversations.is_originating_direction_known, false)
            as is_originating_direction_known,
        conversations.conversation_started_at
    from agent_sessions
    inner join conversations
        on agent_sessions.conversation_id = conversations.conversation_id
    left join wrap_up_codes_ranked
        on
            agent_sessions.conversation_id = wrap_up_codes_ranked.conversation_id
            and agent_sessions.participant_id = wrap_up_codes_ranked.participant_id
            and agent_sessions.session_id = wrap_up_codes_ranked.session_id
            and wrap_up_codes_ranked.wrap_up_rank = 1
    left join languages_ranked
        on
            agent_sessions.conversation_id = languages_ranked.conversation_id
            and languages_ranked.language_rank = 1
    where conversations.conversation_ended_at is not null

),

call_policy_versions as (

    select * from policy_versions
    where
        has_call_policy
        and (is_enabled or is_enabled is null)

),

sessions_to_versions as (

    select
        ended_agent_sessions.*,
        call_policy_versions.policy_version_id,
        call_policy_versions.policy_id,
        call_policy_versions.policy_order,
        call_policy_versions.is_screen_recording_initiated,
        call_policy_versions.is_version_known and call_policy_versions.is_enabled is not null
            as is_version_determined
    from ended_agent_sessions
    inner join call_policy_versions
        on
            (
                call_policy_versions.valid_from is null
                or ended_agent_sessions.conversation_started_at >= call_policy_versions.valid_from
            )
            and (
                call_policy_versions.valid_to is null
                or ended_agent_sessions.conversation_started_at < call_policy_versions.valid_to
            )

),

condition_values_evaluated as (

    select
        sessions_to_versions.agent_session_id,
        sessions_to_versions.policy_version_id,
        policy_conditions.condition_type,
        policy_conditions.is_evaluable
        and not case policy_conditions.condition_type
            when 'direction' then not sessions_to_versions.is_originating_direction_known
            when 'queue' then sessions_to_versions.queue_id is null
            when 'user' then sessions_to_versions.user_id is null
            when 'wrapup_code' then sessions_to_versions.wrap_up_code is null
            when 'language' then sessions_to_versions.requested_language_id is null
            else false
        end as is_value_evaluated,
        coalesce(case policy_conditions.condition_type
            when 'direction'
                then
                    sessions_to_versions.originating_direction
                    = policy_conditions.condition_value_id
            when 'queue' then sessions_to_versions.queue_id = policy_conditions.condition_value_id
            when 'user' then sessions_to_versions.user_id = policy_conditions.condition_value_id
            when 'wrapup_code'
                then sessions_to_versions.wrap_up_code = policy_conditions.condition_value_id
            when 'language'
                then
                    sessions_to_versions.requested_language_id
                    = policy_conditions.condition_value_id
            when 'date_range'
                then
                    sessions_to_versions.conversation_started_at
                    >= policy_conditions.date_range_started_at
                    and sessions_to_versions.conversation_started_at
                    < policy_conditions.date_range_ended_at
            when 'time_slot'
                then
                    {{ local_iso_day_of_week(
                        'sessions_to_versions.conversation_started_at',
                        'policy_conditions.time_zone_id'
                    ) }} = policy_conditions.slot_iso_day_of_week
                    and {{ local_seconds_of_day(
                        'sessions_to_versions.conversation_started_at',
                        'policy_conditions.time_zone_id'
                    ) }} >= policy_conditions.slot_start_seconds
                    and {{ local_seconds_of_day(
                        'sessions_to_versions.conversation_started_at',
                        'policy_conditions.time_zone_id'
                    ) }} < policy_conditions.slot_stop_seconds
            else false
        end, false) as is_value_met
    from sessions_to_versions
    inner join policy_conditions
        on sessions_to_versions.policy_version_id = policy_conditions.policy_version_id

),

conditions_evaluated as (

    select
        agent_session_id,
        policy_version_id,
        condition_type,
        min(case when is_value_evaluated then 1 else 0 end) = 1 as is_condition_evaluated,
        max(case when is_value_met then 1 else 0 end) = 1 as is_condition_met
    from condition_values_evaluated
    group by agent_session_id, policy_version_id, condition_type

),

versions_evaluated as (

    select
        agent_session_id,
        policy_version_id,
        min(case when is_condition_evaluated then 1 else 0 end) = 1 as are_conditions_evaluated,
        min(case when is_condition_met then 1 else 0 end) = 1 as are_conditions_met
    from conditions_evaluated
    group by agent_session_id, policy_version_id

),

final as (

    select
        -- ids
        {{ surrogate_key([
            'sessions_to_versions.agent_session_id',
            'sessions_to_versions.policy_version_id'
        ]) }} as agent_session_policy_version_id,
        sessions_to_versions.agent_session_id,
        sessions_to_versions.policy_version_id,
        sessions_to_versions.policy_id,
        sessions_to_versions.conversation_id,
        sessions_to_versions.participant_id,
        sessions_to_versions.session_id,
        sessions_to_versions.user_id,
        sessions_to_versions.queue_id,

        -- strings
        -- a version without conditions covers every call
        case
            when
                not sessions_to_versions.is_version_determined
                or not coalesce(versions_evaluated.are_conditions_evaluated, true)
                then 'undetermined'
            when coalesce(versions_evaluated.are_conditions_met, true) then 'matched'
            else 'not_matched'
        end as match_outcome,

        -- numerics
        sessions_to_versions.policy_order,
        sessions_to_versions.connected_seconds,

        -- booleans
        sessions_to_versions.is_screen_recording_initiated,
        sessions_to_versions.is_audio_reported,
        sessions_to_versions.is_screen_reported,

        -- timestamps
        sessions_to_versions.conversation_started_at,
        sessions_to_versions.connected_started_at,
        sessions_to_versions.connected_ended_at

    from sessions_to_versions
    left join versions_evaluated
        on
            sessions_to_versions.agent_session_id = versions_evaluated.agent_session_id
            and sessions_to_versions.policy_version_id = versions_evaluated.policy_version_id

)

select * from final
