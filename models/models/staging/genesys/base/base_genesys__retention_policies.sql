-- The latest observation of each media retention policy, every raw column. The policy's
-- staging model renames it, and the staging models of its conditions keep only the rows of
-- this observation, so that a condition removed from the policy does not survive from an
-- older observation.
with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__retention_policies'),
        ['policy_id']
    ) }}

)

-- every raw column, whatever the contract holds: the staging model names them
select * from latest_observations  -- noqa: AM04
