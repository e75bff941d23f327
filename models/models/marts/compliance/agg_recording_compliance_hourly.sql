-- Recording compliance per hour (of the conversation's start), queue, agent and flow version.
-- Keyed by the UTC hour, so the two 01:00 hours of a DST fall-back stay two rows; each row
-- carries the org's local date, hour, UTC offset and a label of the hour's start. An
-- interaction (conversation) is compliant when all of its required agent sessions are; an
-- interaction with sessions in two queues (or with two agents) counts in both rows.
with

recording_compliance as (

    select * from {{ ref('fct_recording_compliance') }}

),

interactions_evaluated as (

    select
        *,
        min(case when is_reported_compliant then 1 else 0 end)
            over (partition by conversation_id)
        = 1 as is_interaction_reported_compliant,
        min(case when is_verified_compliant then 1 else 0 end)
            over (partition by conversation_id)
        = 1 as is_interaction_verified_compliant
    from recording_compliance

),

-- One row per interaction and group first: every count below is then a plain sum, which
-- DuckDB can spill, instead of a count(distinct) per discrepancy type held in memory.
interactions_per_group as (

    select
        conversation_started_hour_utc,
        queue_id,
        user_id,
        flow_name,
        flow_version,
        conversation_id,
        max(queue_name) as queue_name,
        count(*) as agent_sessions,
        max(case when is_interaction_reported_compliant then 1 else 0 end)
            as is_reported_compliant,
        max(case when is_interaction_verified_compliant then 1 else 0 end)
            as is_verified_compliant,
        {%- for type in discrepancy_types() %}
            max(case when discrepancy_type = '{{ type }}' then 1 else 0 end) as has_{{ type }},
        {%- endfor %}
        count(
            case when discrepancy_type = 'not_reported' then agent_session_id end
        ) as not_reported_sessions,
        count(
            case when discrepancy_type = 'reported_but_failed' then agent_session_id end
        ) as failed_sessions,
        count(
            case when discrepancy_type = 'reported_but_missing' then agent_session_id end
        ) as missing_sessions,
        count(
            case when discrepancy_type = 'reported_but_incomplete' then agent_session_id end
        ) as incomplete_sessions,
        count(
            case when discrepancy_type = 'reported_but_pending' then agent_session_id end
        ) as pending_sessions,
        count(
            case when discrepancy_type = 'unchecked' then agent_session_id end
        ) as unchecked_sessions,
        count(
            case when discrepancy_type = 'policy_undetermined' then agent_session_id end
        ) as policy_undetermined_sessions
    from interactions_evaluated
    group by
        conversation_started_hour_utc, queue_id, user_id, flow_name, flow_version, conversation_id

),

aggregated as (

    select
        conversation_started_hour_utc,
        queue_id,
        user_id,
        flow_name,
        flow_version,
        max(queue_name) as queue_name,
        count(*) as interactions_in_scope,
        cast(sum(agent_sessions) as {{ dbt.type_bigint() }}) as agent_sessions,
        cast(sum(is_reported_compliant) as {{ dbt.type_bigint() }})
            as reported_compliant_interactions,
        cast(sum(is_verified_compliant) as {{ dbt.type_bigint() }})
            as verified_compliant_interactions,
        {%- for type in discrepancy_types() %}
            cast(sum(has_{{ type }}) as {{ dbt.type_bigint() }}) as {{ type }}_interactions,
        {%- endfor %}
        cast(sum(not_reported_sessions) as {{ dbt.type_bigint() }}) as not_reported_sessions,
        cast(sum(failed_sessions) as {{ dbt.type_bigint() }}) as failed_sessions,
        cast(sum(missing_sessions) as {{ dbt.type_bigint() }}) as missing_sessions,
        cast(sum(incomplete_sessions) as {{ dbt.type_bigint() }}) as incomplete_sessions,
        cast(sum(pending_sessions) as {{ dbt.type_bigint() }}) as pending_sessions,
        cast(sum(unchecked_sessions) as {{ dbt.type_bigint() }}) as unchecked_sessions,
        cast(sum(policy_undetermined_sessions) as {{ dbt.type_bigint() }})
            as policy_undetermined_sessions
    from interactions_per_group
    group by conversation_started_hour_utc, queue_id, user_id, flow_name, flow_version

),

local_time_added as (

    select
        *,
        {{ to_local_timestamp('conversation_started_hour_utc', var('org_timezone')) }}
            as local_started_at,
        {{ utc_offset_minutes('conversation_started_hour_utc', var('org_timezone')) }}
            as utc_offset_minutes
    from aggregated

),

final as (

    select
        -- ids
        queue_id,
        user_id,

        -- strings
        queue_name,
        flow_name,
        flow_version,
        {{ local_hour_label('local_started_at', 'utc_offset_minutes') }} as local_hour_label,

        -- numerics
        extract(hour from local_started_at) as local_hour,
        utc_offset_minutes,
        interactions_in_scope,
        interactions_in_scope as interactions,
        agent_sessions,
        reported_compliant_interactions,
        verified_compliant_interactions,
        reported_compliant_interactions / interactions_in_scope as reported_compliance_rate,
        verified_compliant_interactions / interactions_in_scope as verified_compliance_rate,
        (reported_compliant_interactions - verified_compliant_interactions)
        / interactions_in_scope as compliance_gap,
        none_interactions,
        not_reported_interactions,
        reported_but_failed_interactions,
        reported_but_missing_interactions,
        reported_but_incomplete_interactions,
        reported_but_pending_interactions,
        unchecked_interactions,
        policy_undetermined_interactions,
        not_reported_sessions,
        failed_sessions,
        missing_sessions,
        incomplete_sessions,
        pending_sessions,
        unchecked_sessions,
        policy_undetermined_sessions,

        -- dates
        cast(local_started_at as date) as local_date,

        -- timestamps
        conversation_started_hour_utc

    from local_time_added

)

select * from final
