{{ config(materialized='view') }}

with

latest_observations as (

    select * from {{ ref('base_genesys__retention_policies') }}

),

renamed as (

    select
        -- ids
        policy_id,

        -- strings
        policy_name,

        -- numerics
        policy_order,

        -- booleans
        enabled as is_enabled,
        retain_recording as is_recording_retained,
        initiates_screen_recording as is_screen_recording_initiated,

        -- timestamps
        created_date as policy_created_at,
        modified_date as policy_modified_at,

        -- booleans (added with the condition values; null in observations loaded before)
        has_call_policy,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
