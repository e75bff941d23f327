-- Only the rows extracted with the policy's latest observation: a condition removed from
-- the policy is gone, not kept from an older observation.
with

latest_observations as (

    {{ rows_of_parent_observation(
        ref('base_genesys__retention_policy_conditions'),
        ref('base_genesys__retention_policies'),
        'policy_id'
    ) }}

),

renamed as (

    select
        -- ids
        condition_id,
        policy_id,
        queue_id,

        -- strings
        media_policy,
        direction as conversation_direction,

        -- lineage
        _run_id,
        _file_id,
        _extracted_at

    from latest_observations

)

select * from renamed
