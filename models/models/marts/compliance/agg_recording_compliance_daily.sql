-- Recording compliance per local date (org time zone), queue, agent and flow version: the
-- hourly rollup summed over the day's hours. A conversation counts in the hour it started,
-- so its day's counts are the sums of its hours' and every rate is a ratio of the sums.
with

hourly as (

    select * from {{ ref('agg_recording_compliance_hourly') }}

),

aggregated as (

    select
        local_date,
        queue_id,
        user_id,
        flow_name,
        flow_version,
        {%- for type in discrepancy_types() %}
            cast(
                sum({{ type }}_interactions) as {{ dbt.type_bigint() }}
            ) as {{ type }}_interactions,
        {%- endfor %}
        max(queue_name) as queue_name,
        count(*) as hours_with_interactions,
        cast(sum(interactions_in_scope) as {{ dbt.type_bigint() }}) as interactions_in_scope,
        cast(sum(agent_sessions) as {{ dbt.type_bigint() }}) as agent_sessions,
        cast(
            sum(reported_compliant_interactions) as {{ dbt.type_bigint() }}
        ) as reported_compliant_interactions,
        cast(
            sum(verified_compliant_interactions) as {{ dbt.type_bigint() }}
        ) as verified_compliant_interactions
    from hourly
    group by local_date, queue_id, user_id, flow_name, flow_version

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

        -- numerics
        hours_with_interactions,
        interactions_in_scope,
        agent_sessions,
        reported_compliant_interactions,
        verified_compliant_interactions,
        none_interactions,
        not_reported_interactions,
        reported_but_failed_interactions,
        reported_but_missing_interactions,
        reported_but_incomplete_interactions,
        reported_but_pending_interactions,
        unchecked_interactions,
        policy_undetermined_interactions,
        reported_compliant_interactions / interactions_in_scope as reported_compliance_rate,
        verified_compliant_interactions / interactions_in_scope as verified_compliance_rate,
        (reported_compliant_interactions - verified_compliant_interactions)
        / interactions_in_scope as compliance_gap,

        -- dates
        local_date

    from aggregated

)

select * from final
