-- The latest observation of each session, every raw column. Its staging
-- model keeps only the rows extracted with the latest observation of their
-- parent (base_genesys__conversations). A view: that staging table is its one reader.
{{ config(materialized='view') }}

with

latest_observations as (

    {{ latest_observation(
        source('genesys', 'raw_genesys__sessions'),
        ['conversation_id', 'participant_id', 'session_id']
    ) }}

)

-- every raw column, whatever the contract holds: the staging model names them
select * from latest_observations  -- noqa: AM04
