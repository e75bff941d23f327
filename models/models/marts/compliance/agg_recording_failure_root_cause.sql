-- Does screen recording fail when the screen-pop data action times out? Per UTC hour (with the
-- org's local date and hour) and data action: the action's executions and timeouts from the
-- data-action aggregates, and the screen recording failure rate of the interactions whose
-- flow recorded a timeout (participant attribute: result 'timeout' or HTTP status 408) against
-- those whose flow did not. An interaction is in the comparison when policy requires a screen
-- recording of one of its agent sessions (policy determined); it failed when one of those
-- screens is 'failed', 'missing' or 'incomplete' (pending and unchecked ones are not known yet).
with

recording_compliance as (

    select * from {{ ref('fct_recording_compliance') }}

),

data_action_hours as (

    select * from {{ ref('int_data_action_timeouts_aggregated_to_hours') }}

),

screen_interactions as (

    select
        conversation_id,
        conversation_started_hour_utc,
        data_action_id,
        max(data_action_name) as data_action_name,
        max(data_action_timeout_seconds) as data_action_timeout_seconds,
        max(case when has_data_action_timeout then 1 else 0 end) = 1 as has_data_action_timeout,
        max(
            case when screen_status in ('failed', 'missing', 'incomplete') then 1 else 0 end
        ) = 1 as is_screen_failed
    from recording_compliance
    where
        is_screen_required
        and not is_policy_undetermined
        and data_action_id is not null
    group by conversation_id, conversation_started_hour_utc, data_action_id

),

interactions_aggregated as (

    select
        conversation_started_hour_utc as hour_started_at,
        data_action_id,
        max(data_action_name) as data_action_name,
        max(data_action_timeout_seconds) as timeout_seconds,
        count(case when has_data_action_timeout then 1 end) as interactions_with_timeout,
        count(
            case when has_data_action_timeout and is_screen_failed then 1 end
        ) as screen_failures_with_timeout,
        count(case when not has_data_action_timeout then 1 end) as interactions_without_timeout,
        count(
            case when not has_data_action_timeout and is_screen_failed then 1 end
        ) as screen_failures_without_timeout
    from screen_interactions
    group by conversation_started_hour_utc, data_action_id

),

hours_joined as (

    select
        coalesce(data_action_hours.hour_started_at, interactions_aggregated.hour_started_at)
            as hour_started_at,
        coalesce(data_action_hours.action_id, interactions_aggregated.data_action_id)
            as data_action_id,
        coalesce(data_action_hours.action_name, interactions_aggregated.data_action_name)
            as data_action_name,
        coalesce(data_action_hours.timeout_seconds, interactions_aggregated.timeout_seconds)
            as timeout_seconds,
        coalesce(data_action_hours.executions, 0) as action_executions,
        coalesce(data_action_hours.timeouts, 0) as action_timeouts,
        coalesce(interactions_aggregated.interactions_with_timeout, 0)
            as interactions_with_timeout,
        coalesce(interactions_aggregated.screen_failures_with_timeout, 0)
            as screen_failures_with_timeout,
        coalesce(interactions_aggregated.interactions_without_timeout, 0)
            as interactions_without_timeout,
        coalesce(interactions_aggregated.screen_failures_without_timeout, 0)
            as screen_failures_without_timeout
    from data_action_hours
    full outer join interactions_aggregated
        on
            data_action_hours.action_id = interactions_aggregated.data_action_id
            and data_action_hours.hour_started_at = interactions_aggregated.hour_started_at

),

local_time_added as (

    select
        *,
        {{ to_local_timestamp('hour_started_at', var('org_timezone')) }} as local_started_at,
        {{ utc_offset_minutes('hour_started_at', var('org_timezone')) }} as utc_offset_minutes
    from hours_joined

),

final as (

    select
        -- ids
        data_action_id,

        -- strings
        data_action_name,
        {{ local_hour_label('local_started_at', 'utc_offset_minutes') }} as local_hour_label,

        -- numerics
        extract(hour from local_started_at) as local_hour,
        utc_offset_minutes,
        timeout_seconds,
        cast(action_executions as {{ dbt.type_bigint() }}) as action_executions,
        cast(action_timeouts as {{ dbt.type_bigint() }}) as action_timeouts,
        action_timeouts / nullif(action_executions, 0) as action_timeout_rate,
        cast(interactions_with_timeout as {{ dbt.type_bigint() }}) as interactions_with_timeout,
        cast(screen_failures_with_timeout as {{ dbt.type_bigint() }})
            as screen_failures_with_timeout,
        cast(interactions_without_timeout as {{ dbt.type_bigint() }})
            as interactions_without_timeout,
        cast(screen_failures_without_timeout as {{ dbt.type_bigint() }})
            as screen_failures_without_timeout,
        screen_failures_with_timeout
        / nullif(interactions_with_timeout, 0) as screen_failure_rate_with_timeout,
        screen_failures_without_timeout
        / nullif(interactions_without_timeout, 0) as screen_failure_rate_without_timeout,

        -- dates
        cast(local_started_at as date) as local_date,

        -- timestamps
        hour_started_at as hour_started_at_utc

    from local_time_added

)

select * from final
