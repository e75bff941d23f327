-- One row per Architect flow version seen on a conversation's sessions: the flow's name
-- (the latest one seen for the version) and when the version was first and last in use.
with

sessions as (

    select * from {{ ref('stg_genesys__sessions') }}

),

conversations as (

    select * from {{ ref('stg_genesys__conversations') }}

),

flow_sessions_ranked as (

    select
        sessions.flow_id,
        sessions.flow_version,
        sessions.flow_name,
        sessions.flow_type,
        sessions.conversation_id,
        conversations.conversation_started_at,
        row_number() over (
            partition by sessions.flow_id, sessions.flow_version
            order by
                conversations.conversation_started_at desc nulls last,
                sessions.conversation_id desc
        ) as recency_rank
    from sessions
    left join conversations
        on sessions.conversation_id = conversations.conversation_id
    where sessions.flow_id is not null

),

flow_versions_aggregated as (

    select
        flow_id,
        flow_version,
        count(distinct conversation_id) as conversations,
        min(conversation_started_at) as first_seen_at,
        max(conversation_started_at) as last_seen_at
    from flow_sessions_ranked
    group by flow_id, flow_version

),

final as (

    select
        -- ids
        {{ surrogate_key([
            'flow_versions_aggregated.flow_id',
            'flow_versions_aggregated.flow_version'
        ]) }} as flow_version_key,
        flow_versions_aggregated.flow_id,

        -- strings
        flow_sessions_ranked.flow_name,
        flow_versions_aggregated.flow_version,
        flow_sessions_ranked.flow_type,

        -- numerics
        flow_versions_aggregated.conversations,

        -- timestamps
        flow_versions_aggregated.first_seen_at,
        flow_versions_aggregated.last_seen_at

    from flow_versions_aggregated
    inner join flow_sessions_ranked
        on
            flow_versions_aggregated.flow_id = flow_sessions_ranked.flow_id
            and coalesce(flow_versions_aggregated.flow_version, '')
            = coalesce(flow_sessions_ranked.flow_version, '')
            and flow_sessions_ranked.recency_rank = 1

)

select * from final
