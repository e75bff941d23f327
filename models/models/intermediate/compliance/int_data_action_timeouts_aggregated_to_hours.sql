-- Data-action executions and timeouts per action and UTC hour, with the action's name and
-- configured timeout. An execution timed out when it answered HTTP 408 or its error type
-- mentions a timeout.
with

data_action_aggregates as (

    select * from {{ ref('stg_genesys__data_action_aggregates') }}

),

data_actions as (

    select * from {{ ref('stg_genesys__data_actions') }}

),

executions_classified as (

    select
        action_id,
        {{ truncate_to_utc_hour('interval_started_at') }} as hour_started_at,
        coalesce(executions, 0) as executions,
        coalesce(
            response_status = '408' or lower(error_type) like '%timeout%', false
        ) as is_timeout
    from data_action_aggregates
    where action_id is not null

),

aggregated as (

    select
        action_id,
        hour_started_at,
        cast(sum(executions) as bigint) as executions,
        cast(sum(case when is_timeout then executions else 0 end) as bigint) as timeouts
    from executions_classified
    group by action_id, hour_started_at

),

final as (

    select
        -- ids
        aggregated.action_id,

        -- strings
        data_actions.action_name,

        -- numerics
        data_actions.timeout_seconds,
        aggregated.executions,
        aggregated.timeouts,
        aggregated.timeouts / nullif(aggregated.executions, 0) as timeout_rate,

        -- timestamps
        aggregated.hour_started_at

    from aggregated
    left join data_actions
        on aggregated.action_id = data_actions.action_id

)

select * from final
