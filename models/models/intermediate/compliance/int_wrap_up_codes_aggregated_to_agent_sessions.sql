-- One row per agent session that was wrapped up: the wrap-up code of its last wrapup segment
-- (an agent who wraps up twice, e.g. after a consult, keeps the code given last).
-- Incremental: a build re-processes int_conversations_to_rebuild
-- (macros/incremental/incremental_by_conversation.sql).
-- depends_on: {{ ref('int_conversations_to_rebuild') }}
{{ config(**incremental_by_conversation(['agent_session_id'], 'inputs')) }}

with

segments as (

    select * from {{ ref('stg_genesys__segments') }}
    {% if is_incremental() %}
        where conversation_id in ({{ conversations_to_rebuild('inputs') }})
    {% endif %}

),

wrap_up_segments_ranked as (

    select
        conversation_id,
        participant_id,
        session_id,
        wrap_up_code,
        row_number() over (
            partition by conversation_id, participant_id, session_id
            order by segment_started_at desc nulls last, segment_index desc
        ) as wrap_up_rank
    from segments
    where
        segment_type = 'wrapup'
        and wrap_up_code is not null

),

final as (

    select
        -- ids
        {{ surrogate_key(['conversation_id', 'participant_id', 'session_id']) }}
            as agent_session_id,
        conversation_id,
        participant_id,
        session_id,

        -- strings
        wrap_up_code

    from wrap_up_segments_ranked
    where wrap_up_rank = 1

)

select * from final
