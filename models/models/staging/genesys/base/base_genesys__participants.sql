-- The latest observation of each participant (raw_genesys__participants), every raw column.
-- stg_genesys__participants keeps only those extracted with the latest observation of their parent
-- (base_genesys__conversations). A view: its one reader is that staging table.
{{ config(materialized='view') }}

with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__participants'),
        ['conversation_id', 'participant_id']
    ) }}

)

-- every raw column, whatever the contract holds: the staging model names them
select * from latest_observations  -- noqa: AM04
