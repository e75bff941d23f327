-- Only the rows extracted with the policy's latest observation: a condition removed from
-- the policy is gone, not kept from an older observation.
with

observations as (

    select * from {{ ref('base_genesys__retention_policy_conditions') }}

),

parent_observations as (

    select
        policy_id,
        _run_id,
        _extracted_at
    from {{ ref('base_genesys__retention_policies') }}

),

latest_observations as (

    select observations.*
    from observations
    inner join parent_observations
        on
            observations.policy_id = parent_observations.policy_id
            and observations._run_id = parent_observations._run_id
            and observations._extracted_at = parent_observations._extracted_at

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
