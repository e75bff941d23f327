{{ config(materialized='view') }}

with

latest_observations as (

    select * from {{ ref('base_genesys__conversations') }}

),

renamed as (

    select
        -- ids
        conversation_id,
        division_ids,

        -- strings
        originating_direction,
        external_tag,

        -- numerics
        media_stats_min_conversation_mos as minimum_conversation_mos,

        -- booleans
        -- a direction outside the documented enum (or none) cannot be matched to a policy
        coalesce(lower(originating_direction) in ('inbound', 'outbound'), false)
            as is_originating_direction_known,

        -- timestamps
        conversation_start as conversation_started_at,
        conversation_end as conversation_ended_at,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
