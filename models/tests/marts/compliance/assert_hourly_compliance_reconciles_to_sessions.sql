-- The hourly rollup accounts for every required agent session exactly once: per UTC hour and
-- queue, its agent_sessions (summed over agents and flow versions) equals the sessions in
-- fct_recording_compliance. Returns the
-- (hour, queue) groups that disagree.
with

recording_compliance as (

    select * from {{ ref('fct_recording_compliance') }}

),

hourly as (

    select * from {{ ref('agg_recording_compliance_hourly') }}

),

sessions_per_group as (

    select
        conversation_started_hour_utc,
        coalesce(queue_id, '') as queue_key,
        count(*) as agent_sessions
    from recording_compliance
    group by conversation_started_hour_utc, coalesce(queue_id, '')

),

hourly_per_group as (

    select
        conversation_started_hour_utc,
        coalesce(queue_id, '') as queue_key,
        sum(agent_sessions) as agent_sessions
    from hourly
    group by conversation_started_hour_utc, coalesce(queue_id, '')

),

disagreements as (

    select
        coalesce(
            sessions_per_group.conversation_started_hour_utc,
            hourly_per_group.conversation_started_hour_utc
        ) as conversation_started_hour_utc,
        coalesce(sessions_per_group.queue_key, hourly_per_group.queue_key) as queue_key,
        sessions_per_group.agent_sessions as fct_agent_sessions,
        hourly_per_group.agent_sessions as hourly_agent_sessions
    from sessions_per_group
    full outer join hourly_per_group
        on
            sessions_per_group.conversation_started_hour_utc
            = hourly_per_group.conversation_started_hour_utc
            and sessions_per_group.queue_key = hourly_per_group.queue_key
    where
        sessions_per_group.agent_sessions is null
        or hourly_per_group.agent_sessions is null
        or sessions_per_group.agent_sessions != hourly_per_group.agent_sessions

)

select * from disagreements
