-- One row per agent voice session that policy requires to be recorded: what analytics
-- reported as recorded against what the recording repository holds, with a status per medium
-- and a discrepancy type. The precedence of the statuses and discrepancy types is documented
-- in _compliance__models.yml.
-- Incremental: a build re-processes int_conversations_to_rebuild
-- (macros/incremental/incremental_by_conversation.sql), and the conversations whose rows
-- carry a queue or division that dim_queues has since renamed or moved.
{{ config(**incremental_by_conversation(['agent_session_id'], 'inputs')) }}

{%- if is_incremental() -%}
{%- set conversations_to_rebuild_here -%}
    {{ conversations_to_rebuild('inputs') }}
    union distinct
    select built.conversation_id
    from {{ this }} as built
    inner join {{ ref('dim_queues') }} as queues
        on built.queue_id = queues.queue_id
    where
        built.queue_name is distinct from queues.queue_name
        or built.division_id is distinct from queues.division_id
        or built.division_name is distinct from queues.division_name
{%- endset -%}
{%- endif %}

with

required_agent_sessions as (

    select * from {{ ref('int_agent_sessions_joined_to_policies') }}
    {% if is_incremental() %}
        where conversation_id in ({{ conversations_to_rebuild_here }})
    {% endif %}

),

recordings_matched as (

    select * from {{ ref('int_recordings_matched_to_agent_sessions') }}
    {% if is_incremental() %}
        where conversation_id in ({{ conversations_to_rebuild_here }})
    {% endif %}

),

conversations as (

    select * from {{ ref('int_conversations_summarised') }}
    {% if is_incremental() %}
        where conversation_id in ({{ conversations_to_rebuild_here }})
    {% endif %}

),

queues as (

    select * from {{ ref('dim_queues') }}

),

wrap_up_codes as (

    select * from {{ ref('int_wrap_up_codes_aggregated_to_agent_sessions') }}
    {% if is_incremental() %}
        where conversation_id in ({{ conversations_to_rebuild_here }})
    {% endif %}

),

agent_sessions_joined as (

    select
        required_agent_sessions.agent_session_id,
        required_agent_sessions.conversation_id,
        required_agent_sessions.participant_id,
        required_agent_sessions.session_id,
        required_agent_sessions.user_id,
        required_agent_sessions.queue_id,
        required_agent_sessions.policy_id,
        recordings_matched.audio_recording_id,
        recordings_matched.screen_recording_id,
        conversations.flow_id,
        queues.division_id,
        conversations.data_action_id,
        queues.queue_name,
        queues.division_name,
        conversations.flow_name,
        conversations.flow_version,
        wrap_up_codes.wrap_up_code,
        conversations.data_action_name,
        conversations.data_action_result,
        conversations.data_action_http_status,
        conversations.data_action_timeout_seconds,
        conversations.data_action_hour_executions,
        conversations.data_action_hour_timeouts,
        coalesce(conversations.has_data_action_timeout, false) as has_data_action_timeout,
        recordings_matched.audio_file_state,
        recordings_matched.screen_file_state,
        required_agent_sessions.connected_seconds,
        {{ interval_overlap_seconds(
            'recordings_matched.screen_recording_started_at',
            'recordings_matched.screen_recording_ended_at',
            'required_agent_sessions.connected_started_at',
            'required_agent_sessions.connected_ended_at'
        ) }} / nullif(required_agent_sessions.connected_seconds, 0) as screen_coverage_ratio,
        required_agent_sessions.is_audio_reported,
        required_agent_sessions.is_screen_reported,
        required_agent_sessions.is_screen_recording_required as is_screen_required,
        required_agent_sessions.is_policy_undetermined,
        coalesce(conversations.is_recording_checked, false) as is_recording_checked,
        conversations.conversation_started_at,
        required_agent_sessions.connected_started_at,
        required_agent_sessions.connected_ended_at
    from required_agent_sessions
    left join recordings_matched
        on required_agent_sessions.agent_session_id = recordings_matched.agent_session_id
    left join conversations
        on required_agent_sessions.conversation_id = conversations.conversation_id
    left join queues
        on required_agent_sessions.queue_id = queues.queue_id
    left join wrap_up_codes
        on required_agent_sessions.agent_session_id = wrap_up_codes.agent_session_id

),

statuses_assigned as (

    select
        *,
        case
            when audio_recording_id is not null
                then {{ recording_file_state_category('audio_file_state') }}
            when is_recording_checked then 'missing'
            else 'unchecked'
        end as audio_status,
        case
            when not is_screen_required then 'not_required'
            when screen_recording_id is null and is_recording_checked then 'missing'
            when screen_recording_id is null then 'unchecked'
            when
                {{ recording_file_state_category('screen_file_state') }} = 'verified'
                and coalesce(screen_coverage_ratio, 0)
                < {{ var('screen_coverage_threshold') }}
                then 'incomplete'
            else {{ recording_file_state_category('screen_file_state') }}
        end as screen_status
    from agent_sessions_joined

),

compliance_evaluated as (

    select
        *,
        audio_status = 'verified' as is_audio_verified,
        screen_status = 'verified' as is_screen_verified,
        is_audio_reported
        and (not is_screen_required or is_screen_reported) as is_reported_compliant,
        audio_status = 'verified'
        and (
            not is_screen_required or screen_status = 'verified'
        ) as is_verified_compliant
    from statuses_assigned

),

discrepancies_classified as (

    select
        *,
        case
            -- no policy could be matched (unknown originating direction): its own bucket
            when is_policy_undetermined then 'policy_undetermined'
            when is_reported_compliant and is_verified_compliant then 'none'
            when not is_reported_compliant then 'not_reported'
            when 'failed' in (audio_status, screen_status) then 'reported_but_failed'
            when 'missing' in (audio_status, screen_status) then 'reported_but_missing'
            when screen_status = 'incomplete' then 'reported_but_incomplete'
            when 'pending' in (audio_status, screen_status) then 'reported_but_pending'
            else 'unchecked'
        end as discrepancy_type
    from compliance_evaluated

),

final as (

    select
        -- ids
        agent_session_id,
        conversation_id,
        participant_id,
        session_id,
        user_id,
        queue_id,
        policy_id,
        audio_recording_id,
        screen_recording_id,
        flow_id,
        case
            when flow_id is not null then {{ surrogate_key(['flow_id', 'flow_version']) }}
        end as flow_version_key,
        division_id,
        data_action_id,

        -- strings
        queue_name,
        division_name,
        flow_name,
        flow_version,
        wrap_up_code,
        data_action_name,
        data_action_result,
        data_action_http_status,
        audio_file_state,
        screen_file_state,
        audio_status,
        screen_status,
        discrepancy_type,

        -- numerics
        connected_seconds,
        screen_coverage_ratio,
        data_action_timeout_seconds,
        data_action_hour_executions,
        data_action_hour_timeouts,
        extract(
            hour from {{ to_local_timestamp('conversation_started_at', var('org_timezone')) }}
        ) as local_hour,
        {{ utc_offset_minutes('conversation_started_at', var('org_timezone')) }}
            as utc_offset_minutes,

        -- booleans
        has_data_action_timeout,
        is_audio_reported,
        is_screen_reported,
        is_screen_required,
        is_policy_undetermined,
        is_recording_checked,
        is_audio_verified,
        is_screen_verified,
        is_reported_compliant,
        is_verified_compliant,

        -- dates
        cast(
            {{ to_local_timestamp('conversation_started_at', var('org_timezone')) }} as date
        ) as local_date,

        -- timestamps
        conversation_started_at,
        {{ truncate_to_utc_hour('conversation_started_at') }} as conversation_started_hour_utc,
        connected_started_at,
        connected_ended_at

    from discrepancies_classified

)

select * from final
