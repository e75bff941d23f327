-- The latest observation of each retention policy condition value, every raw column. Its staging
-- model keeps only the rows extracted with the latest observation of their
-- parent (base_genesys__retention_policies). A view: that staging table is its one reader.
{{ config(materialized='view') }}

with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__retention_policy_condition_values'),
        ['policy_id', 'media_policy', 'condition_type', 'value_index']
    ) }}

)

-- every raw column, whatever the contract holds: the staging model names them
select * from latest_observations  -- noqa: AM04
