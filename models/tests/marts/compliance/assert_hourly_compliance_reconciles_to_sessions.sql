-- The hourly rollup accounts for every required agent session exactly once: per hour and
-- queue, its agent_sessions equals the sessions in fct_recording_compliance. Returns the
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
        local_date,
        local_hour,
        coalesce(queue_id, '') as queue_key,
        count(*) as agent_sessions
    from recording_compliance
    group by local_date, local_hour, coalesce(queue_id, '')

),

hourly_per_group as (

    select
        local_date,
        local_hour,
        coalesce(queue_id, '') as queue_key,
        agent_sessions
    from hourly

),

disagreements as (

    select
        coalesce(sessions_per_group.local_date, hourly_per_group.local_date) as local_date,
        coalesce(sessions_per_group.local_hour, hourly_per_group.local_hour) as local_hour,
        coalesce(sessions_per_group.queue_key, hourly_per_group.queue_key) as queue_key,
        sessions_per_group.agent_sessions as fct_agent_sessions,
        hourly_per_group.agent_sessions as hourly_agent_sessions
    from sessions_per_group
    full outer join hourly_per_group
        on
            sessions_per_group.local_date = hourly_per_group.local_date
            and sessions_per_group.local_hour = hourly_per_group.local_hour
            and sessions_per_group.queue_key = hourly_per_group.queue_key
    where
        sessions_per_group.agent_sessions is null
        or hourly_per_group.agent_sessions is null
        or sessions_per_group.agent_sessions != hourly_per_group.agent_sessions

)

select * from disagreements
