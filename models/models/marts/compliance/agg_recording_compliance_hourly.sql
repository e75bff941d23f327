-- Recording compliance per hour of the org's local time (of the conversation's start) and
-- queue. An interaction (conversation) is compliant when all of its required agent sessions
-- are; an interaction with sessions in two queues counts in both.
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

aggregated as (

    select
        local_date,
        local_hour,
        queue_id,
        queue_name,
        count(distinct conversation_id) as interactions,
        count(*) as agent_sessions,
        count(
            distinct case when is_interaction_reported_compliant then conversation_id end
        ) as reported_compliant_interactions,
        count(
            distinct case when is_interaction_verified_compliant then conversation_id end
        ) as verified_compliant_interactions,
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
        ) as unchecked_sessions
    from interactions_evaluated
    group by local_date, local_hour, queue_id, queue_name

),

final as (

    select
        -- ids
        queue_id,

        -- strings
        queue_name,

        -- numerics
        local_hour,
        interactions,
        agent_sessions,
        reported_compliant_interactions,
        verified_compliant_interactions,
        reported_compliant_interactions / interactions as reported_compliance_rate,
        verified_compliant_interactions / interactions as verified_compliance_rate,
        (reported_compliant_interactions - verified_compliant_interactions)
        / interactions as compliance_gap,
        not_reported_sessions,
        failed_sessions,
        missing_sessions,
        incomplete_sessions,
        pending_sessions,
        unchecked_sessions,

        -- dates
        local_date

    from aggregated

)

select * from final
